package cn.ebike.subsidy.figures;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Now and then folds the dealer table's append-only grant counters into one row per dealer
 * ({@link SubsidyFigures#compactDealerCounts()}), so reading them stays a sum over about one row per dealer
 * whatever the number of grant rounds since. Safe on every instance at once.
 */
@ApplicationScoped
public class DealerCountsFolder {

    private static final Logger LOG = Logger.getLogger(DealerCountsFolder.class);

    private final SubsidyFigures figures;

    public DealerCountsFolder(SubsidyFigures figures) {
        this.figures = figures;
    }

    @Scheduled(every = "${subsidy.figures.fold-every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fold() {
        try {
            int folded = figures.compactDealerCounts();
            LOG.debugf("figures: folded %d dealer counter rows", folded);
        } catch (RuntimeException e) {
            LOG.warnf("figures: folding the dealer counters failed (will retry): %s", e.toString());
        }
    }
}
