package cn.ebike.gateway.dealerclient;

import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.dealerclient.ApiClientAudit.Action;
import cn.ebike.common.idempotency.Idempotency;
import cn.ebike.gateway.token.DealerClientCredentials;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Dealer API clients: created for one existing dealer by an ADMIN or a REGULATOR, each with up to two
 * live secrets (add the new one, switch the software over, revoke the old one), revoked as a whole
 * when the shop leaves or a secret leaks. Secrets are shown once, when made, and kept as digests.
 * Every change is written to {@code api_client_audit} in the same transaction. The SQL is
 * {@link ApiClientRepository}'s.
 */
@ApplicationScoped
public class DealerClientService implements DealerClientCredentials {

    private static final Logger LOG = Logger.getLogger(DealerClientService.class);

    /** Calls per minute a client gets unless its creator says otherwise (the signed-in default). */
    public static final int DEFAULT_RATE_LIMIT = 6000;

    /** Who is acting: from the verified token of the request. */
    public record Caller(String name, String role, UUID dealerId) {
        boolean manages() {
            return "ADMIN".equals(role) || "REGULATOR".equals(role);
        }
    }

    public record NewClient(UUID dealerId, String name, Integer rateLimitPerMinute) {
    }

    public record Change(String name, Integer rateLimitPerMinute) {
    }

    public record SecretView(UUID id, Instant createdAt, String createdBy, Instant lastUsedAt) {
    }

    public record ClientView(String clientId, UUID dealerId, String name, int rateLimitPerMinute, String status,
            Instant createdAt, String createdBy, Instant revokedAt, String revokedBy, Instant lastUsedAt,
            List<SecretView> secrets) {
    }

    /** The answer to a create: the client, and the secret in clear this one time. */
    public record CreatedClient(String clientId, UUID dealerId, String name, int rateLimitPerMinute, String status,
            Instant createdAt, String createdBy, List<SecretView> secrets, UUID secretId, String clientSecret) {
    }

    public record NewSecret(String clientId, UUID secretId, String clientSecret, Instant createdAt) {
    }

    public record AuditView(Instant at, String actor, String actorRole, String action, UUID secretId, String detail) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public record Stored(int status, String body) {
    }

    private static final String DUMMY_DIGEST = ClientSecrets.digest("no such client");

    private final ApiClientRepository clients;
    private final DealerDirectory dealers;
    private final Idempotency idempotency;
    private final ObjectMapper json;

    public DealerClientService(ApiClientRepository clients, DealerDirectory dealers, Idempotency idempotency,
            ObjectMapper json) {
        this.clients = clients;
        this.dealers = dealers;
        this.idempotency = idempotency;
        this.json = json;
    }

    @Transactional
    public Stored create(NewClient request, Caller caller, Optional<String> idempotencyKey, String rawBody) {
        if (idempotencyKey.isPresent()) {
            Optional<Idempotency.Stored> stored = idempotency.claim(caller.name(), idempotencyKey.get(),
                    idempotency.fingerprint("POST", "/api/auth/clients", rawBody));
            if (stored.isPresent()) {
                return new Stored(stored.get().status(), stored.get().body());
            }
        }
        if (!dealers.exists(request.dealerId())) {
            throw ApiException.conflict("unknown-dealer", "No dealer with that id exists in tradein-service.", "dealerId");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ApiClient client = new ApiClient();
        client.id = UUID.randomUUID();
        client.clientId = ClientSecrets.newClientId();
        client.dealerId = request.dealerId();
        client.name = request.name().strip();
        client.rateLimitPerMinute = request.rateLimitPerMinute() == null ? DEFAULT_RATE_LIMIT : request.rateLimitPerMinute();
        client.createdAt = now;
        client.createdBy = caller.name();
        clients.persist(client);
        String secret = ClientSecrets.newSecret();
        ApiClientSecret s = newSecret(client, (short) 1, secret, caller, now);
        audit(client, caller, Action.CREATED, null, "dealer " + client.dealerId + ", " + client.rateLimitPerMinute + "/min");
        audit(client, caller, Action.SECRET_ADDED, s.id, "slot 1");
        clients.flush();
        LOG.infof("dealer API client %s created for dealer %s by %s", client.clientId, client.dealerId, caller.name());
        CreatedClient created = new CreatedClient(client.clientId, client.dealerId, client.name, client.rateLimitPerMinute,
                "ACTIVE", client.createdAt, client.createdBy, List.of(view(s)), s.id, secret);
        String body = write(created);
        idempotencyKey.ifPresent(key -> idempotency.remember(caller.name(), key, 201, body, null));
        return new Stored(201, body);
    }

    @Transactional
    public Stored addSecret(String clientId, Caller caller, Optional<String> idempotencyKey, String rawBody) {
        if (idempotencyKey.isPresent()) {
            Optional<Idempotency.Stored> stored = idempotency.claim(caller.name(),
                    "secret:" + clientId + ":" + idempotencyKey.get(),
                    idempotency.fingerprint("POST", "/api/auth/clients/" + clientId + "/secrets", rawBody));
            if (stored.isPresent()) {
                return new Stored(stored.get().status(), stored.get().body());
            }
        }
        ApiClient client = lockedLive(clientId);
        List<ApiClientSecret> live = liveSecrets(client.id);
        if (live.size() >= 2) {
            throw ApiException.conflict("secret-limit", "This client already has two live secrets: revoke the old one first.");
        }
        short slot = live.isEmpty() || live.get(0).slot == 2 ? (short) 1 : (short) 2;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String secret = ClientSecrets.newSecret();
        ApiClientSecret s = newSecret(client, slot, secret, caller, now);
        audit(client, caller, Action.SECRET_ADDED, s.id, "slot " + slot);
        try {
            clients.flush();
        } catch (PersistenceException e) {
            throw ApiException.conflict("secret-limit",
                    "Another secret was added at the same moment; look at the client and try again.");
        }
        LOG.infof("dealer API client %s: secret %s added by %s", client.clientId, s.id, caller.name());
        String body = write(new NewSecret(client.clientId, s.id, secret, s.createdAt));
        idempotencyKey.ifPresent(key -> idempotency.remember(caller.name(), "secret:" + clientId + ":" + key, 201, body, null));
        return new Stored(201, body);
    }

    @Transactional
    public ClientView revokeSecret(String clientId, UUID secretId, Caller caller) {
        ApiClient client = lockedLive(clientId);
        List<ApiClientSecret> live = liveSecrets(client.id);
        ApiClientSecret target = live.stream().filter(s -> s.id.equals(secretId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("live secret of this client"));
        if (live.size() == 1) {
            throw ApiException.conflict("last-secret",
                    "This is the client's only live secret: add a new one first, or revoke the client.");
        }
        target.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        target.revokedBy = caller.name();
        audit(client, caller, Action.SECRET_REVOKED, target.id, "slot " + target.slot);
        LOG.infof("dealer API client %s: secret %s revoked by %s", client.clientId, target.id, caller.name());
        return view(client);
    }

    @Transactional
    public ClientView update(String clientId, Change change, Caller caller) {
        ApiClient client = lockedLive(clientId);
        StringBuilder detail = new StringBuilder();
        if (change.name() != null && !change.name().strip().equals(client.name)) {
            detail.append("name '").append(client.name).append("' → '").append(change.name().strip()).append("'; ");
            client.name = change.name().strip();
        }
        if (change.rateLimitPerMinute() != null && change.rateLimitPerMinute() != client.rateLimitPerMinute) {
            detail.append("rate limit ").append(client.rateLimitPerMinute).append(" → ").append(change.rateLimitPerMinute())
                    .append("/min (new tokens)");
            client.rateLimitPerMinute = change.rateLimitPerMinute();
        }
        if (detail.length() > 0) {
            audit(client, caller, Action.UPDATED, null, detail.toString());
        }
        return view(client);
    }

    /** Revokes the client and its secrets; revoking again changes nothing. */
    @Transactional
    public ClientView revoke(String clientId, Caller caller) {
        ApiClient client = find(clientId, caller);
        clients.lock(client);
        if (client.revokedAt == null) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            client.revokedAt = now;
            client.revokedBy = caller.name();
            for (ApiClientSecret s : liveSecrets(client.id)) {
                s.revokedAt = now;
                s.revokedBy = caller.name();
            }
            audit(client, caller, Action.REVOKED, null, null);
            LOG.infof("dealer API client %s revoked by %s", client.clientId, caller.name());
        }
        return view(client);
    }

    public ClientView get(String clientId, Caller caller) {
        return view(find(clientId, caller));
    }

    public List<AuditView> history(String clientId, Caller caller) {
        ApiClient client = find(clientId, caller);
        return clients.history(client.id).stream()
                .map(a -> new AuditView(a.at, a.actor, a.actorRole, a.action.name(), a.secretId, a.detail)).toList();
    }

    /** ADMIN and REGULATOR see every client (or one dealer's); a dealer's staff see their dealer's. */
    public Page<ClientView> list(UUID dealerFilter, int page, int size, Caller caller) {
        UUID dealer = caller.manages() ? dealerFilter : caller.dealerId();
        List<ClientView> items = clients.page(dealer, Math.multiplyExact(page, size), size).stream()
                .map(this::view).toList();
        return new Page<>(items, page, size, clients.count(dealer));
    }

    /**
     * The client_credentials check: a live client presenting one of its live secrets. Compared in
     * constant time, also for an unknown client; records the last use of client and secret.
     */
    @Override
    @Transactional
    public Optional<Authenticated> authenticate(String clientId, String secret) {
        Optional<ApiClient> found = clientId == null || clientId.length() > 64 ? Optional.empty()
                : clients.byClientId(clientId);
        if (found.isEmpty() || found.get().revokedAt != null) {
            ClientSecrets.matches(secret, DUMMY_DIGEST);
            return Optional.empty();
        }
        ApiClient client = found.get();
        ApiClientSecret matched = null;
        for (ApiClientSecret s : liveSecrets(client.id)) {
            if (ClientSecrets.matches(secret, s.secretHash)) {
                matched = s;
            }
        }
        if (matched == null) {
            return Optional.empty();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        client.lastUsedAt = now;
        matched.lastUsedAt = now;
        return Optional.of(new Authenticated(client.clientId, client.dealerId, client.rateLimitPerMinute));
    }

    /** Client ids revoked since the given moment, with when (for the other replicas' revocation lists). */
    @Transactional
    public Map<String, Instant> revokedSince(Instant since) {
        List<ApiClient> rows = clients.revokedSince(since);
        Map<String, Instant> out = new java.util.HashMap<>();
        rows.forEach(c -> out.put(c.clientId, c.revokedAt));
        return out;
    }

    // ------------------------------------------------------------------------------------------
    /** The client, or 404 — also for a dealer's staff asking about another dealer's client. */
    private ApiClient find(String clientId, Caller caller) {
        Optional<ApiClient> found = clientId == null ? Optional.empty() : clients.byClientId(clientId);
        if (found.isEmpty() || (!caller.manages() && !found.get().dealerId.equals(caller.dealerId()))) {
            throw ApiException.notFound("API client");
        }
        return found.get();
    }

    private ApiClient lockedLive(String clientId) {
        ApiClient client = find(clientId, new Caller("", "ADMIN", null));
        clients.lock(client);
        if (client.revokedAt != null) {
            throw ApiException.conflict("client-revoked", "This client is revoked.");
        }
        return client;
    }

    private List<ApiClientSecret> liveSecrets(UUID client) {
        return clients.liveSecrets(client);
    }

    private ApiClientSecret newSecret(ApiClient client, short slot, String secret, Caller caller, Instant now) {
        ApiClientSecret s = new ApiClientSecret();
        s.id = UUID.randomUUID();
        s.client = client.id;
        s.slot = slot;
        s.secretHash = ClientSecrets.digest(secret);
        s.createdAt = now;
        s.createdBy = caller.name();
        clients.persist(s);
        return s;
    }

    private void audit(ApiClient client, Caller caller, Action action, UUID secretId, String detail) {
        ApiClientAudit a = new ApiClientAudit();
        a.client = client.id;
        a.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        a.actor = caller.name();
        a.actorRole = caller.role();
        a.action = action;
        a.secretId = secretId;
        a.detail = detail;
        clients.persist(a);
    }

    private ClientView view(ApiClient c) {
        List<SecretView> secrets = c.revokedAt != null ? List.of() : liveSecrets(c.id).stream().map(DealerClientService::view).toList();
        return new ClientView(c.clientId, c.dealerId, c.name, c.rateLimitPerMinute, c.revokedAt == null ? "ACTIVE" : "REVOKED",
                c.createdAt, c.createdBy, c.revokedAt, c.revokedBy, c.lastUsedAt, secrets);
    }

    private static SecretView view(ApiClientSecret s) {
        return new SecretView(s.id, s.createdAt, s.createdBy, s.lastUsedAt);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
