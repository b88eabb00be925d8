package cn.ebike.subsidy.payout;

import cn.ebike.common.masking.Masking;
import cn.ebike.subsidy.config.SubsidyConfig;
import cn.ebike.subsidy.wallet.WalletService;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Pays GRANTED subsidies whose owner has a wallet: GRANTED → PAYING → PAID, retries with backoff,
 * FAILED after the configured attempts. Any number of workers (threads or instances) may run: see
 * {@link PayoutLedger} for the locking and leases, and the provider's idempotency key (the grant id)
 * for why a payment is never made twice. After an attempt whose outcome is unknown (timeout, lost
 * answer) the provider is asked by key before anything else is tried.
 */
@ApplicationScoped
public class PayoutWorker {

    private static final Logger LOG = Logger.getLogger(PayoutWorker.class);

    private final PayoutLedger ledger;
    private final PayoutProvider provider;
    private final WalletService wallets;
    private final int batchSize;

    public PayoutWorker(PayoutLedger ledger, PayoutProvider provider, WalletService wallets, SubsidyConfig config) {
        this.ledger = ledger;
        this.provider = provider;
        this.wallets = wallets;
        this.batchSize = config.payout().batchSize();
    }

    @Scheduled(every = "${subsidy.payout.poll-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Disabled.class)
    void tick() {
        try {
            while (runOnce() == batchSize) {
                // a full batch: more may be due right now
            }
        } catch (RuntimeException e) {
            LOG.warnf("payout run failed (will run again): %s", e.toString());
        }
    }

    /** One pass: takes up to a batch of due grants and works each once. Returns how many it took. */
    public int runOnce() {
        List<PayoutLedger.Job> jobs = ledger.takeDue(batchSize);
        for (PayoutLedger.Job job : jobs) {
            try {
                work(job);
            } catch (RuntimeException e) {
                // the lease expires and the grant is taken again (asking the provider first)
                LOG.errorf("payout of subsidy %s interrupted: %s", job.subsidyId(), e.toString());
            }
        }
        return jobs.size();
    }

    void work(PayoutLedger.Job job) {
        String key = job.subsidyId().toString();
        if (job.askProviderFirst()) {
            Optional<PayoutProvider.ProviderPayment> found;
            try {
                found = provider.findByKey(key);
            } catch (RuntimeException e) {
                ledger.queryFailed(job, e.getMessage());
                return;
            }
            if (found.isPresent()) {
                ledger.foundAtProvider(job, found.get());
                return;
            }
            if (!ledger.notAtProvider(job)) {
                return;
            }
        }
        String walletId;
        try {
            Optional<String> w = wallets.walletIdOf(job.ownerId());
            if (w.isEmpty()) {
                ledger.cannotPay(job, "the owner has no wallet bound");
                return;
            }
            walletId = w.get();
        } catch (IllegalStateException e) {
            LOG.errorf("wallet of owner %s cannot be read: %s", job.ownerId(), e.getMessage());
            ledger.cannotPay(job, "the wallet id cannot be read (check WALLET_ENCRYPTION_KEY)");
            return;
        }
        Optional<PayoutLedger.Attempt> attempt = ledger.beginAttempt(job, Masking.walletId(walletId));
        if (attempt.isEmpty()) {
            return;
        }
        PayoutProvider.PaymentRequest request = new PayoutProvider.PaymentRequest(key, walletId, job.amountFen(),
                job.campaignId().toString());
        PayoutProvider.ProviderPayment payment;
        try {
            payment = provider.pay(request);
        } catch (PayoutProvider.Declined e) {
            ledger.failed(job, attempt.get(), e.getMessage(), true);
            return;
        } catch (RuntimeException e) {
            ledger.failed(job, attempt.get(), e.getMessage() == null ? e.toString() : e.getMessage(), false);
            return;
        }
        ledger.succeeded(job, attempt.get(), payment);
    }

    @ApplicationScoped
    public static class Disabled implements Scheduled.SkipPredicate {

        private final boolean enabled;

        public Disabled(@ConfigProperty(name = "subsidy.payout.worker-enabled", defaultValue = "true") boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !enabled;
        }
    }
}
