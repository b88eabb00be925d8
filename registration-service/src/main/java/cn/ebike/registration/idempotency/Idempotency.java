package cn.ebike.registration.idempotency;

import cn.ebike.registration.RegistrationConfig;
import cn.ebike.common.problem.ApiException;
import cn.ebike.common.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on creating POSTs. The key row is inserted first, in the same transaction
 * as the creation it guards: a concurrent request with the same caller and key waits on the primary
 * key until the first one commits (then replays its answer) or rolls back (then runs itself). A failed
 * request leaves no key behind, so it can be retried with the same key.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 200;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    Caller caller;

    @Inject
    RegistrationConfig config;

    /**
     * Runs {@code action} once per (caller, key); {@code key == null} simply runs it. {@code method},
     * {@code path} and {@code request} make up the fingerprint compared on replay.
     */
    @Transactional
    public Response execute(String key, String method, String path, Object request, Supplier<Outcome> action) {
        if (key == null) {
            return fresh(action.get());
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.invalid(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String who = caller.subject();
        String fingerprint = fingerprint(method, path, request);
        int inserted = em.createNativeQuery("INSERT INTO idempotency_keys (caller, idem_key, request_hash, created_at) "
                + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (caller, idem_key) DO NOTHING")
                .setParameter(1, who).setParameter(2, key).setParameter(3, fingerprint)
                .setParameter(4, Instant.now())
                .executeUpdate();
        if (inserted == 0) {
            return replay(who, key, fingerprint);
        }
        Outcome outcome = action.get();
        String body = json(outcome.body());
        em.createNativeQuery("UPDATE idempotency_keys SET response_status = ?1, response_body = ?2, location = ?3 "
                + "WHERE caller = ?4 AND idem_key = ?5")
                .setParameter(1, outcome.status()).setParameter(2, body)
                .setParameter(3, outcome.location() == null ? null : outcome.location().toString())
                .setParameter(4, who).setParameter(5, key)
                .executeUpdate();
        return build(outcome.status(), body, outcome.location()).build();
    }

    private Response replay(String who, String key, String fingerprint) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT request_hash, response_status, response_body, location "
                + "FROM idempotency_keys WHERE caller = ?1 AND idem_key = ?2")
                .setParameter(1, who).setParameter(2, key).getResultList();
        if (rows.isEmpty()) {
            throw ApiException.conflict("The Idempotency-Key is in use by a request that has not finished; retry.");
        }
        Object[] row = rows.get(0);
        if (!fingerprint.equals(row[0])) {
            throw ApiException.conflict("This Idempotency-Key was already used with a different request.");
        }
        if (row[1] == null) {
            throw ApiException.conflict("The Idempotency-Key is in use by a request that has not finished; retry.");
        }
        URI location = row[3] == null ? null : URI.create((String) row[3]);
        return build(((Number) row[1]).intValue(), (String) row[2], location).header(REPLAYED_HEADER, "true").build();
    }

    private Response fresh(Outcome outcome) {
        return build(outcome.status(), json(outcome.body()), outcome.location()).build();
    }

    private static Response.ResponseBuilder build(int status, String body, URI location) {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
        if (location != null) {
            builder.location(location);
        }
        return builder;
    }

    String fingerprint(String method, String path, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
            sha.update(json(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetOldKeys() {
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE created_at < ?1")
                .setParameter(1, Instant.now().minus(config.idempotency().retention()))
                .executeUpdate();
    }
}
