package cn.ebike.tradein.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** tradein-service's own settings ({@code tradein.*}); REST client URLs live under {@code quarkus.rest-client}. */
@ConfigMapping(prefix = "tradein")
public interface TradeInConfig {

    ServiceToken serviceToken();

    Outbox outbox();

    DealerContact dealerContact();

    Supervision supervision();

    Signals signals();

    /**
     * The thresholds of the regulators' fraud signals ({@code TradeInSignals}) and of a dealer's conduct in its credit
     * grade ({@code DealerConduct}): one set, so a signal and a grade never judge the same dealer differently.
     */
    interface Signals {
        /** A trade-in completed within this many minutes of opening is a {@code FAST_COMPLETION}. */
        @WithDefault("10")
        int fastCompletionMinutes();

        /** A dealer needs at least this many trade-ins before its cancellation rate can be an outlier. */
        @WithDefault("20")
        int cancellationMinVolume();

        /** ... and a cancellation rate of at least this ... */
        @WithDefault("0.3")
        double cancellationMinRate();

        /** ... and at least this many times the rate of all other dealers together. */
        @WithDefault("2")
        double cancellationFactor();
    }

    interface Supervision {
        /** How often each instance runs the overdue sweep of rectifications ({@code SUPERVISION_SWEEP_EVERY}). */
        @WithDefault("1m")
        String sweepEvery();

        /** Wait after start before the first sweep (read by {@code @Scheduled}). */
        @WithDefault("10s")
        String sweepDelay();

        /**
         * When the daily regrade of every dealer runs (Quartz-style cron, China time; {@code SUPERVISION_REGRADE_CRON},
         * {@code off} disables it; read by {@code RegradeJob}'s {@code @Scheduled}).
         */
        @WithDefault("0 20 2 * * ?")
        String regradeCron();
    }

    /**
     * {@code PUBLIC_BASE_URL}: where the public reaches the suite (the gateway). A dealer's printed credit card
     * carries {@code <PUBLIC_BASE_URL>/v/dealer/<id>}; never taken from a request's Host header.
     */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    interface DealerContact {
        /**
         * {@code DEALER_CONTACT_ENCRYPTION_KEY}: base64 of 32 random bytes, the AES-256-GCM key of the dealers'
         * contact phones. No default: the service refuses to start without it.
         */
        Optional<String> encryptionKey();

        /** {@code DEALER_CONTACT_ENCRYPTION_KEY_ID}: the id sealed values carry, so that keys can rotate. */
        @WithDefault("1")
        String encryptionKeyId();

        /** {@code DEALER_CONTACT_ENCRYPTION_KEY_RETIRED}: {@code id:base64,…} of earlier keys, which only open. */
        Optional<String> retiredEncryptionKeys();

        /** How often the re-sealing pass runs ({@code off} in tests, which run it themselves). */
        @WithDefault("24h")
        String resealEvery();
    }

    interface ServiceToken {
        /** The gateway's client-credentials endpoint ({@code SERVICE_TOKEN_URL}). */
        @WithDefault("http://127.0.0.1:8080/api/auth/token")
        String url();

        @WithDefault("tradein-service")
        String clientId();

        /** {@code TRADEIN_CLIENT_SECRET}; no default: the service refuses to start without it. */
        Optional<String> clientSecret();

        /** Refresh this long before the token expires. */
        @WithDefault("30s")
        Duration refreshMargin();

        @WithDefault("3s")
        Duration timeout();
    }

    interface Outbox {
        /** How often each instance's relay looks for due claims (read by {@code @Scheduled}). */
        @WithDefault("1s")
        String every();

        /** Wait after start before the first relay run (read by {@code @Scheduled}). */
        @WithDefault("2s")
        String initialDelay();

        /** Claims taken and posted in one request (subsidy-service accepts at most 200). */
        @WithDefault("100")
        int batchSize();

        /** First retry delay; doubles per attempt. */
        @WithDefault("1s")
        Duration backoffBase();

        /** Longest wait between two attempts: the relay never gives up, it only slows down to this. */
        @WithDefault("5m")
        Duration backoffCap();

        /**
         * How long a taken claim is reserved for the instance that took it. Must exceed one post's timeout
         * (30 s), or another instance may deliver it a second time (harmless: subsidy is idempotent on the
         * trade-in id, but wasteful).
         */
        @WithDefault("2m")
        Duration lease();

        /** After this many failed attempts every further failure is logged at ERROR. */
        @WithDefault("10")
        int alarmAfterAttempts();
    }
}
