package cn.ebike.tradein.supervision;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Regrades every dealer once a day ({@code SUPERVISION_REGRADE_CRON}, default 02:20 China time), so that a failure
 * ageing out of the grade's 12 months, or conduct recorded since the last event, shows in the stored grade, the
 * dealer table and the due-for-inspection list. Safe on several instances: {@link SupervisionService#regradeAll()}
 * runs under a PostgreSQL advisory lock, the others skip.
 */
@ApplicationScoped
public class RegradeJob {

    private static final Logger LOG = Logger.getLogger(RegradeJob.class);

    private final SupervisionService supervision;

    public RegradeJob(SupervisionService supervision) {
        this.supervision = supervision;
    }

    @Scheduled(identity = "dealer-daily-regrade", cron = "${tradein.supervision.regrade-cron}",
            timeZone = "Asia/Shanghai", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        int changed = supervision.regradeAll();
        if (changed < 0) {
            LOG.info("daily regrade: another instance is regrading");
        } else {
            LOG.infof("daily regrade: %d dealer grade(s) changed", changed);
        }
    }
}
