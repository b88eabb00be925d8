package cn.ebike.common.http;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;

/** Counts JSON bodies sent without {@code Content-Length}; an upload (read as an InputStream) limits itself. */
@Provider
public class JsonBodyLimit implements ReaderInterceptor {

    private final BodyLimits limits;

    public JsonBodyLimit(BodyLimits limits) {
        this.limits = limits;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (limits.enabled() && !InputStream.class.isAssignableFrom(context.getType())) {
            context.setInputStream(new LimitedInputStream(context.getInputStream(), limits.jsonBodyBytes()));
        }
        return context.proceed();
    }
}
