package cn.ebike.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything the gateway reads from configuration; env var names are in application.properties. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Jwt jwt();

    Clients clients();

    Services services();

    Proxy proxy();

    RateLimit rateLimit();

    Login login();

    Sms sms();

    Stats stats();

    Sessions sessions();

    DealerClients dealerClients();

    OpenApi openapi();

    /** Password of the {@code admin} account created at first start; generated when absent. */
    Optional<String> bootstrapAdminPassword();

    interface Jwt {
        /** PKCS#8 PEM RSA private key that signs every token (JWT_PRIVATE_KEY_LOCATION). */
        Optional<String> privateKeyLocation();

        /** Public key of the previous signing key, still accepted and published while tokens signed by it live. */
        Optional<String> previousPublicKeyLocation();

        @WithDefault("https://gateway.ebike.local")
        String issuer();

        @WithDefault("ebike-suite")
        String audience();

        /** Lifetime of user tokens; never more than 15 minutes. */
        @WithDefault("PT15M")
        Duration lifetime();

        /** Lifetime of SERVICE tokens (client credentials). */
        @WithDefault("PT5M")
        Duration serviceLifetime();

        /** Clock skew tolerated when checking exp/iat. */
        @WithDefault("PT30S")
        Duration clockSkew();

        /** Verified tokens remembered (keyed by the raw token, each until it expires). */
        @WithDefault("10000")
        long cacheSize();
    }

    interface Clients {
        /** Secret of client {@code tradein-service}; the client is disabled when unset. */
        Optional<String> tradeinSecret();

        /** Secret of client {@code subsidy-service}; the client is disabled when unset. */
        Optional<String> subsidySecret();

        /**
         * Secret of client {@code registration-service} (it ends an owner's sessions when a regulator corrects
         * the owner); the client is disabled when unset.
         */
        Optional<String> registrationSecret();
    }

    interface Services {
        @WithDefault("http://127.0.0.1:8081")
        String registration();

        @WithDefault("http://127.0.0.1:8082")
        String tradein();

        @WithDefault("http://127.0.0.1:8083")
        String subsidy();
    }

    interface Proxy {
        @WithDefault("PT2S")
        Duration connectTimeout();

        /** A backend that sends nothing for this long (response headers or body) is given up: 503. */
        @WithDefault("PT30S")
        Duration idleTimeout();

        /**
         * A pooled connection to a backend unused for this long is closed by the gateway: below the services'
         * {@code quarkus.http.idle-timeout} (15 s), so the gateway never sends a request on a connection the
         * service is closing for idleness (a "connection reset").
         */
        @WithDefault("PT5S")
        Duration keepAliveTimeout();

        /** Connections per backend per event loop. */
        @WithDefault("64")
        int maxPoolSize();

        /** Largest request body for every path but the CSV import. */
        @WithDefault("1048576")
        long maxBodyBytes();

        /** Largest request body for POST /api/vehicles/import and /api/vehicles/imports. */
        @WithDefault("67108864")
        long maxImportBodyBytes();

        /**
         * Load balancers / ingress controllers in front of the gateway (IPs or CIDRs) whose X-Forwarded-For is
         * believed; empty: the TCP peer is the caller and any X-Forwarded-For it sends is ignored.
         */
        Optional<List<String>> trustedProxies();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Requests per window per client address on the anonymous API paths. */
        @WithDefault("120")
        long anonymousPerWindow();

        /** Requests per window per token subject on every other API path. */
        @WithDefault("6000")
        long subjectPerWindow();

        @WithDefault("PT1M")
        Duration window();

        /** How long a request waits for the rate-limit answer before it passes unchecked. */
        @WithDefault("PT0.5S")
        Duration redisTimeout();

        /**
         * Share of a bucket's limit a replica leases from Redis at once and spends locally (see
         * RateLimiter: the cross-replica tolerance is 1.5 x this share of the limit per other replica).
         */
        @WithDefault("0.02")
        double localShare();

        /** Largest batch of permits leased at once, whatever the limit. */
        @WithDefault("200")
        long maxBatch();
    }

    interface Login {
        @WithDefault("5")
        int maxFailures();

        @WithDefault("PT15M")
        Duration failureWindow();

        /** bcrypt cost (log2 rounds). */
        @WithDefault("12")
        int bcryptCost();

        /**
         * Password hashes computed at once (bulkhead): logins can never take more CPU than this many cores, so
         * they cannot starve the proxy. 0 = half the processors, at least 1.
         */
        @WithDefault("0")
        int hashConcurrency();

        /** How long a login waits for a hashing slot before it is answered 503 (busy). */
        @WithDefault("PT2S")
        Duration hashWait();

        /** POST /api/auth/login per client address per rate-limit window (tighter than the anonymous limit). */
        @WithDefault("30")
        long perAddressPerWindow();
    }

    interface Sms {
        /** Demo mode: the code is returned as devCode in the response. Never in production. */
        @WithDefault("false")
        boolean echo();

        @WithDefault("PT5M")
        Duration codeTtl();

        @WithDefault("PT1M")
        Duration resendInterval();

        /** Wrong tries one client address may make at one code before that address is done with it. */
        @WithDefault("5")
        int maxAttempts();

        /** Wrong tries one client address may make over all phones in {@link #failureWindow()}; then 429. */
        @WithDefault("20")
        int addressMaxFailures();

        @WithDefault("PT15M")
        Duration failureWindow();

        /**
         * Wrong tries from all addresses together that end a code (bounds guessing from many addresses; the
         * owner asks for a new code after the resend interval).
         */
        @WithDefault("30")
        int codeMaxFailures();

        /** Codes sent to one phone in 24 hours, at most (SMS cost). */
        @WithDefault("10")
        int dailyCodesPerPhone();
    }

    interface Sessions {
        /** An owner's session lives this long after its last use (each refresh extends it). */
        @WithDefault("P30D")
        Duration ownerIdle();

        /** A staff session ends this long after sign-in, however often it is used. */
        @WithDefault("PT12H")
        Duration staffAbsolute();

        /**
         * After a rotation, the token just rotated out still answers with the new token for this long: two tabs
         * (or a retry after a lost answer) refreshing at once do not end the session. Later, it is a replay.
         */
        @WithDefault("PT30S")
        Duration reuseGrace();

        /** The refresh cookie's {@code Secure} attribute; only a plain-http test rig may turn it off. */
        @WithDefault("true")
        boolean secureCookie();

        /** How often each replica reads the shared revocation set from Redis. */
        @WithDefault("PT1S")
        Duration revocationPoll();
    }

    interface DealerClients {
        /** How often each replica reads the recently revoked dealer API clients from PostgreSQL. */
        @WithDefault("PT10S")
        Duration revocationPoll();

        /** Lifetime of the DEALER tokens a client obtains (never more than 15 minutes). */
        @WithDefault("PT10M")
        Duration tokenLifetime();
    }

    interface OpenApi {
        /** How soon a service whose API document could not be fetched is asked again. */
        @WithDefault("PT5S")
        Duration retry();

        /** How often every service's API document is fetched again (redeployments). */
        @WithDefault("PT5M")
        Duration refresh();
    }

    interface Stats {
        /** How long the overview waits for each service. */
        @WithDefault("PT3S")
        Duration timeout();

        /**
         * How long the gateway remembers a composed figure (FiguresCache; FIGURES_CACHE_TTL); zero: not at all.
         * {@code Cache-Control: no-cache} on a request bypasses it.
         */
        @WithDefault("PT30S")
        Duration cacheTtl();
    }
}
