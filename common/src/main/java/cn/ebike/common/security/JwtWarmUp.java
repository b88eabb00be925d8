package cn.ebike.common.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jose4j.jwa.AlgorithmFactoryFactory;

/**
 * jose4j registers its algorithms (probing every cipher of the JVM) the first time a token is verified.
 * That first verification runs on an event loop and took 2–3 s on a loaded 2-core machine, long enough
 * for the first calls after a restart to miss their callers' timeouts. Do it at start instead.
 */
@Singleton
public class JwtWarmUp {

    void warmUp(@Observes StartupEvent event) {
        AlgorithmFactoryFactory.getInstance();
    }
}
