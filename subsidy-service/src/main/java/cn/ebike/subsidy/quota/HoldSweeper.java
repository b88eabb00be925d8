package cn.ebike.subsidy.quota;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Periodically gives back quota holds abandoned by a crashed instance (safe on every instance at once). */
@ApplicationScoped
public class HoldSweeper {

    private static final Logger LOG = Logger.getLogger(HoldSweeper.class);

    private final QuotaService quota;

    public HoldSweeper(QuotaService quota) {
        this.quota = quota;
    }

    @Scheduled(every = "${subsidy.quota.sweep-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void sweep() {
        try {
            quota.sweepAbandonedHolds();
        } catch (RuntimeException e) {
            LOG.warnf("quota hold sweep failed (will retry): %s", e.toString());
        }
    }

    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {

        private final boolean enabled;

        public Disabled(@ConfigProperty(name = "subsidy.quota.sweeper-enabled", defaultValue = "true") boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !enabled;
        }
    }
}
