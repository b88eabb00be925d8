package cn.ebike.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code gateway.proxy.requests}: one timer per service and status class, created up front so
 * recording is a lookup and an add (Quarkus' generic per-request HTTP binders cost far more).
 */
@Singleton
public class ProxyMetrics {

    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Map<Upstream, Timer[]> timers = new EnumMap<>(Upstream.class);

    public ProxyMetrics(MeterRegistry registry) {
        for (Upstream upstream : Upstream.values()) {
            Timer[] byClass = new Timer[CLASSES.length];
            for (int i = 0; i < CLASSES.length; i++) {
                byClass[i] = Timer.builder("gateway.proxy.requests")
                        .description("Requests proxied to a service, by status class, time to the response head")
                        .tag("service", upstream.serviceName()).tag("status", CLASSES[i])
                        .register(registry);
            }
            timers.put(upstream, byClass);
        }
    }

    void record(Upstream upstream, int status, long nanos) {
        int index = Math.min(Math.max(status / 100 - 1, 0), CLASSES.length - 1);
        timers.get(upstream)[index].record(nanos, TimeUnit.NANOSECONDS);
    }
}
