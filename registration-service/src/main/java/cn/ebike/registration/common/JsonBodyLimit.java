package cn.ebike.registration.common;

import cn.ebike.registration.RegistrationConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;

/** Counts JSON bodies sent without {@code Content-Length}; the CSV import (an InputStream) limits itself. */
@Provider
public class JsonBodyLimit implements ReaderInterceptor {

    // looked up at the first request: providers are created before the runtime configuration exists
    @Inject
    Instance<RegistrationConfig> config;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!InputStream.class.isAssignableFrom(context.getType())) {
            context.setInputStream(new LimitedInputStream(context.getInputStream(), config.get().limits().jsonBodyBytes()));
        }
        return context.proceed();
    }
}
