package cn.ebike.common.audit;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Seals a service's audit rows into its hash chain every second ({@code ebike.audit.seal-every}) and checks the
 * chain on demand. A service configures it by producing its {@link AuditChain} (table, id, hashed columns; the
 * advisory lock follows from the table's name), e.g. {@code @Produces @Singleton AuditChain chain()}; in a
 * module without an audit chain (the gateway) the schedule does nothing. Each service keeps its own internal
 * endpoint (its path differs) that answers {@link #check()}.
 */
@ApplicationScoped
public class AuditChainSealer {

    private static final Logger LOG = Logger.getLogger(AuditChainSealer.class);

    /** How long {@link #check()} waits for another sealer to let go of the chain's lock. */
    static final Duration CHECK_WAIT = Duration.ofSeconds(5);

    private final Instance<AuditChain> chain;

    private final Instance<DataSource> dataSource;

    public AuditChainSealer(Instance<AuditChain> chain, Instance<DataSource> dataSource) {
        this.chain = chain;
        this.dataSource = dataSource;
    }

    @Scheduled(every = "${ebike.audit.seal-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NoAuditChain.class)
    void scheduled() {
        try {
            seal();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("sealing the audit chain failed (next run retries): %s", e.toString());
        }
    }

    /** Appends every committed, unsealed row to the chain; 0 when another instance is sealing. */
    public int seal() throws SQLException {
        return chain.get().seal(dataSource.get());
    }

    /**
     * Seals what is waiting, then walks the chain. When the scheduled sealer (here or on another instance) holds
     * the chain's lock, waits for it (at most {@link #CHECK_WAIT}), so that the report covers every committed row.
     */
    public AuditChain.Report check() throws SQLException {
        chain.get().seal(dataSource.get(), CHECK_WAIT);
        return chain.get().verify(dataSource.get());
    }

    /** Skips the schedule where no {@link AuditChain} is produced. */
    @Singleton
    public static class NoAuditChain implements Scheduled.SkipPredicate {

        private final Instance<AuditChain> chain;

        public NoAuditChain(Instance<AuditChain> chain) {
            this.chain = chain;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !chain.isResolvable();
        }
    }
}
