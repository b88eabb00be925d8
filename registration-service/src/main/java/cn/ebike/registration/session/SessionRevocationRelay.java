package cn.ebike.registration.session;

import cn.ebike.common.security.ServiceTokenCache;
import cn.ebike.registration.common.Times;
import cn.ebike.registration.config.RegistrationConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Ends owners' sessions at the gateway ({@code POST /api/auth/sessions/revocations}, SERVICE only) for the
 * rows {@link SessionRevocationRepository#queue} wrote in a correction's transaction. Client {@code registration-service} with
 * {@code REGISTRATION_CLIENT_SECRET} obtains the SERVICE token at {@code SERVICE_TOKEN_URL}. Rows are taken
 * with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work; a failure is retried with doubling backoff
 * (capped at 5 minutes). Without a client secret nothing can be delivered: rows wait, and the start says so.
 */
@ApplicationScoped
public class SessionRevocationRelay {

    private static final Logger LOG = Logger.getLogger(SessionRevocationRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final SessionRevocationRepository revocations;
    private final RegistrationConfig config;
    private final ObjectMapper json;
    private final OidcClient oidc;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ServiceTokenCache tokens = new ServiceTokenCache(this::fetchToken, Duration.ofSeconds(30),
            "The gateway's token endpoint");

    public SessionRevocationRelay(SessionRevocationRepository revocations, RegistrationConfig config, ObjectMapper json,
            OidcClient oidc) {
        this.revocations = revocations;
        this.config = config;
        this.json = json;
        this.oidc = oidc;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.sessions().clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            LOG.error("REGISTRATION_CLIENT_SECRET is not set: an owner corrected by a regulator keeps their sessions "
                    + "until it is (the revocations wait in session_revocations)");
        }
    }

    @Scheduled(every = "${registration.sessions.relay-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        if (config.sessions().clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            return;
        }
        for (int round = 0; round < 10; round++) {
            Boolean more = QuarkusTransaction.requiringNew().call(this::deliverDue);
            if (!Boolean.TRUE.equals(more)) {
                return;
            }
        }
    }

    /** One batch in one transaction (the rows stay locked while the gateway is asked); true when it was full. */
    boolean deliverDue() {
        List<SessionRevocation> due = revocations.lockDue(20);
        for (SessionRevocation r : due) {
            r.attempts++;
            try {
                send(r.subject);
                r.deliveredAt = Times.now();
                r.lastError = null;
            } catch (Exception e) {
                long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(r.attempts, 20));
                r.nextAttemptAt = Times.now().plusMillis(backoff);
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                r.lastError = error.length() > 500 ? error.substring(0, 500) : error;
                LOG.warnf("ending the sessions of %s failed (attempt %d): %s", r.subject, r.attempts, r.lastError);
            }
        }
        return due.size() == 20;
    }

    private void send(String subject) throws Exception {
        String used = tokens.token();
        HttpResponse<String> answer = post(subject, used);
        if (answer.statusCode() == 401) {
            tokens.invalidate(used);
            answer = post(subject, tokens.token());
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the gateway answered " + answer.statusCode());
        }
    }

    private HttpResponse<String> post(String subject, String bearer) throws Exception {
        String url = config.sessions().revocationUrl().filter(u -> !u.isBlank())
                .orElse(config.sessions().tokenUrl().replaceFirst("/api/auth/token$", "/api/auth/sessions/revocations"));
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("subject", subject))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One client_credentials call through quarkus-oidc-client (client {@code registration-service}, the secret in
     * the form body, as tradein and subsidy fetch theirs); the cache in common decides when, and a failure is
     * retried by the relay's backoff.
     */
    private ServiceTokenCache.Token fetchToken() {
        Tokens fetched = oidc.getTokens().await().atMost(Duration.ofSeconds(5));
        Long expiresAt = fetched.getAccessTokenExpiresAt();
        return new ServiceTokenCache.Token(fetched.getAccessToken(),
                expiresAt == null ? null : Instant.ofEpochSecond(expiresAt));
    }
}
