package cn.ebike.subsidy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** Typed settings of subsidy-service; every key can be overridden by an environment variable. */
@ConfigMapping(prefix = "subsidy")
public interface SubsidyConfig {

    Wallet wallet();

    ServiceToken serviceToken();

    Quota quota();

    Payout payout();

    Figures figures();

    /** How long one instance reuses a district's campaigns for claims (campaigns never change once created). */
    @WithDefault("2s")
    Duration campaignCacheTtl();

    interface Figures {
        /**
         * How often the dealer table's append-only grant counters are folded into one row per dealer
         * (DealerCountsFolder; {@code off} in tests, which fold when they mean to).
         */
        @WithDefault("30s")
        String foldEvery();
    }

    interface Wallet {
        /** Base64 of 32 random bytes (AES-256-GCM); from WALLET_ENCRYPTION_KEY, no default. */
        Optional<String> encryptionKey();

        /** WALLET_ENCRYPTION_KEY_ID: the id sealed values carry, so that keys can rotate. */
        @WithDefault("1")
        String encryptionKeyId();

        /** WALLET_ENCRYPTION_KEY_RETIRED: {@code id:base64,…} of earlier keys, which only open. */
        Optional<String> retiredEncryptionKeys();

        /** WALLET_HASH_KEY_ID: the key wallet look-up hashes derive from (the current key's id unless set). */
        Optional<String> hashKeyId();

        /** How often the re-sealing pass runs ({@code off} in tests, which run it themselves). */
        @WithDefault("24h")
        String resealEvery();
    }

    interface ServiceToken {
        /** The gateway's client-credentials endpoint (SERVICE_TOKEN_URL). */
        @WithDefault("http://127.0.0.1:8080/api/auth/token")
        String url();

        /** Client id this service authenticates as at the gateway's token endpoint. */
        @WithDefault("subsidy-service")
        String clientId();

        /** From SUBSIDY_CLIENT_SECRET, no default. */
        Optional<String> clientSecret();

        /** A cached token is replaced this long before it expires. */
        @WithDefault("30s")
        Duration refreshBefore();
    }

    interface Quota {
        /** Redis key prefix (every key of a campaign also carries the campaign id as hash tag). */
        @WithDefault("subsidy")
        String keyPrefix();

        /**
         * A quota hold (slot taken in Redis, grant not yet committed) older than this is treated as
         * abandoned by a crashed instance and given back. Must be well above the transaction timeout.
         */
        @WithDefault("2m")
        Duration holdTimeout();

        @WithDefault("true")
        boolean sweeperEnabled();

        @WithDefault("30s")
        String sweepInterval();

        /**
         * How long a claim may wait for other in-flight decisions (the same trade-in, the same
         * owner, the last slots of a phase) before answering 503 with nothing recorded.
         */
        @WithDefault("10s")
        Duration maxWait();
    }

    interface Payout {
        @WithDefault("true")
        boolean workerEnabled();

        @WithDefault("1s")
        String pollInterval();

        /** Subsidies one worker run takes (each run locks them with FOR UPDATE SKIP LOCKED). */
        @WithDefault("25")
        int batchSize();

        /** Payment attempts before a grant becomes FAILED (per round; a regulator retry starts a new round). */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("2s")
        Duration backoffBase();

        @WithDefault("10m")
        Duration backoffMax();

        /** While a worker talks to the provider no other worker touches the grant; a crash frees it after this. */
        @WithDefault("2m")
        Duration lease();

        Sandbox sandbox();
    }

    interface Sandbox {
        /** PAYOUT_SANDBOX_LATENCY_MS: simulated round trip to the operator. */
        @WithDefault("20")
        long latencyMs();

        /** PAYOUT_SANDBOX_FAILURE_RATE: share of payment calls refused without paying (0..1). */
        @WithDefault("0")
        double failureRate();

        /** PAYOUT_SANDBOX_LOST_ANSWER_RATE: share of payments made whose answer is lost (a timeout). */
        @WithDefault("0")
        double lostAnswerRate();

        /** Optional seed for reproducible sandbox behaviour. */
        OptionalLong seed();

        /**
         * PAYOUT_SANDBOX_CONTROL: whether {@code GET/PUT /sandbox/behaviour} (SERVICE tokens only, not forwarded by
         * the gateway) may change the knobs above while the service runs — for fault drills and the soak. Off by default.
         */
        @WithDefault("false")
        boolean controlEnabled();
    }
}
