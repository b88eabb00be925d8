package cn.ebike.registration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/** Typed configuration of registration-service (keys {@code registration.*}, see application.properties). */
@ConfigMapping(prefix = "registration")
public interface RegistrationConfig {

    Pii pii();

    Plate plate();

    Importer importer();

    /** Ending an owner's sessions at the gateway after a regulator's correction. */
    Sessions sessions();

    interface Sessions {
        /** {@code SERVICE_TOKEN_URL}: the gateway's client-credentials endpoint. */
        @WithDefault("http://127.0.0.1:8080/api/auth/token")
        String tokenUrl();

        /** Default: the token URL's gateway, path {@code /api/auth/sessions/revocations}. */
        Optional<String> revocationUrl();

        @WithDefault("registration-service")
        String clientId();

        /** {@code REGISTRATION_CLIENT_SECRET}; without it revocations wait (logged at start). */
        Optional<String> clientSecret();

        /** How often the relay looks for revocations to deliver. */
        @WithDefault("2s")
        String relayEvery();
    }

    District district();

    /**
     * {@code PUBLIC_BASE_URL}: where the public reaches the suite (the gateway), e.g. {@code https://ebike.example.gov.cn}.
     * A plate's QR carries {@code <this>/v/#<token>}.
     */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    interface Pii {
        /** {@code PII_ENCRYPTION_KEY}: base64 of 32 random bytes (AES-256-GCM). */
        Optional<String> encryptionKey();

        /** {@code PII_ENCRYPTION_KEY_ID}: the id sealed values carry, so that keys can rotate. */
        @WithDefault("1")
        String encryptionKeyId();

        /** {@code PII_ENCRYPTION_KEY_RETIRED}: {@code id:base64,…} of earlier keys, which only open. */
        Optional<String> retiredEncryptionKeys();

        /** How often the re-sealing pass runs ({@code off} in tests, which run it themselves). */
        @WithDefault("24h")
        String resealEvery();

        /** {@code PII_HMAC_KEY}: base64 of 32 random bytes (HMAC-SHA256 look-up hashes). */
        Optional<String> hmacKey();
    }

    interface Plate {
        /** City prefix of service-assigned plate numbers ({@code PLATE_NUMBER_PREFIX}, default 浙A). */
        @WithDefault("\u6d59A")
        String prefix();

        /** Digits of the zero-padded sequence part ({@code PLATE_NUMBER_DIGITS}, default 6). */
        @WithDefault("6")
        int digits();

        Signing signing();

        interface Signing {
            /** {@code PLATE_SIGNING_PRIVATE_KEY_LOCATION}: PKCS#8 PEM Ed25519 private key. */
            Optional<String> privateKeyLocation();

            /** {@code PLATE_SIGNING_PUBLIC_KEY_LOCATION}: X.509 SPKI PEM Ed25519 public key. */
            Optional<String> publicKeyLocation();

            /**
             * {@code PLATE_SIGNING_PREVIOUS_PUBLIC_KEYS_LOCATION}: after a key rotation, the public keys plates were
             * signed with before (one PEM file, one or more SPKI blocks). Printed plates cannot be re-issued at
             * once, so their QR codes keep verifying with these.
             */
            Optional<String> previousPublicKeysLocation();
        }
    }

    interface Importer {
        /** Rows per batch; each batch is written and committed on its own. */
        @WithDefault("2000")
        int chunkSize();

        /** Chunks written side by side, one database connection each. */
        @WithDefault("2")
        int writers();

        /** At most this many row errors are listed in the answer (all are counted). */
        @WithDefault("1000")
        int maxReportedErrors();

        /** How often the instance running an import job writes its counters and heartbeat. */
        @WithDefault("10s")
        String jobHeartbeatEvery();

        /** A RUNNING job without a heartbeat for this long is reported FAILED, reason INTERRUPTED (its instance died). */
        @WithDefault("60s")
        java.time.Duration jobStaleAfter();

        /** Where uploads of import jobs wait while they are imported (default: the system's temporary directory). */
        Optional<String> jobSpoolDir();
    }

    interface District {
        /**
         * {@code DEFAULT_DISTRICT}: the district of a bike when nothing else names one (an import row without the
         * column, a regulator's registration without the field); also what the migration gave existing rows.
         */
        @WithName("default")
        @WithDefault("\u897f\u6e56\u533a")
        String defaultDistrict();

        /**
         * Whether a dealer-registered bike takes the dealer's district from tradein-service
         * ({@code quarkus.rest-client.tradein.url}). Off only in tests that run registration alone.
         */
        @WithDefault("true")
        boolean dealerLookup();
    }
}
