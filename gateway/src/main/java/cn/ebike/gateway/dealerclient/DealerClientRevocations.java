package cn.ebike.gateway.dealerclient;

import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.token.RevokedSubjects;
import cn.ebike.gateway.token.TokenVerifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A revoked client's tokens stop working on every replica: at once on the replica that revoked it, and
 * on the others within {@code gateway.clients.revocation-poll} (10 s), which read the recently revoked
 * clients from PostgreSQL (the record of truth, so losing Redis loses nothing here). The token check
 * itself only consults an in-memory map, never the database.
 */
@Singleton
public class DealerClientRevocations {

    private static final Logger LOG = Logger.getLogger(DealerClientRevocations.class);

    private final DealerClientService service;
    private final RevokedSubjects revoked;
    private final TokenVerifier verifier;
    private final Vertx vertx;
    private final long pollMs;
    private final long lookBackMs;
    private long timer = -1;

    public DealerClientRevocations(DealerClientService service, RevokedSubjects revoked, TokenVerifier verifier,
            Vertx vertx, GatewayConfig config) {
        this.service = service;
        this.revoked = revoked;
        this.verifier = verifier;
        this.vertx = vertx;
        this.pollMs = config.dealerClients().revocationPoll().toMillis();
        // every token a revoked client could still hold was issued within the longest lifetime
        this.lookBackMs = Math.max(config.jwt().lifetime().toMillis(), config.jwt().serviceLifetime().toMillis())
                + config.jwt().clockSkew().toMillis() + 60_000;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(10, pollMs, id -> vertx.executeBlocking(() -> {
            poll();
            return null;
        }, false));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The client was revoked by this replica: refuse its tokens now. */
    public void revokedHere(String clientId) {
        refuse(clientId, Instant.now());
    }

    void poll() {
        try {
            Map<String, Instant> recent = service.revokedSince(Instant.now().minusMillis(lookBackMs));
            recent.forEach(this::refuse);
            revoked.expire();
        } catch (RuntimeException e) {
            LOG.warnf("could not read revoked API clients (tried again in %d ms): %s", pollMs, e.toString());
        }
    }

    private void refuse(String clientId, Instant revokedAt) {
        // a revoked client can never obtain another token: refuse every token it holds, whenever issued
        revoked.revoke(clientId, revokedAt.toEpochMilli() + lookBackMs);
        verifier.invalidateSubject(clientId);
    }
}
