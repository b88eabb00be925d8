package cn.ebike.subsidy.claim;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code subsidy_claims_total{path,status}}: how claims were answered — {@code path} replayed / unknown /
 * decided / rejected, {@code status} the subsidy's status, or {@code 404} for an unknown trade-in (the label
 * value dashboards already read).
 */
@ApplicationScoped
class ClaimMetrics {

    private final MeterRegistry metrics;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ClaimMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    ClaimResult count(ClaimResult r, String path) {
        String status = r.subsidy() != null ? r.subsidy().status().name()
                : r.outcome() == ClaimOutcome.UNKNOWN_TRADE_IN ? "404" : r.outcome().name();
        counters.computeIfAbsent(path + "/" + status,
                k -> metrics.counter("subsidy.claims", "path", path, "status", status)).increment();
        return r;
    }
}
