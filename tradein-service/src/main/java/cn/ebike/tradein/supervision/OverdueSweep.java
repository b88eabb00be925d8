package cn.ebike.tradein.supervision;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs the overdue sweep on every instance; the sweep itself is one conditional UPDATE, so instances running
 * it at the same moment mark each rectification once between them.
 */
@ApplicationScoped
public class OverdueSweep {

    private static final Logger LOG = Logger.getLogger(OverdueSweep.class);

    private final SupervisionService supervision;

    public OverdueSweep(SupervisionService supervision) {
        this.supervision = supervision;
    }

    @Scheduled(identity = "rectification-overdue-sweep", every = "${tradein.supervision.sweep-every}",
            delayed = "${tradein.supervision.sweep-delay:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int marked = supervision.sweepOverdue();
        if (marked > 0) {
            LOG.infof("%d rectification(s) marked overdue", marked);
        }
    }
}
