package cn.ebike.subsidy.idempotency;

import cn.ebike.common.problem.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.MapperFeature;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for POSTs that create: the same caller + key + body replays the first
 * response (status and body); the same key with another body is 409. The record lives in PostgreSQL
 * with a unique (caller, key), so concurrent duplicates cannot both be stored.
 */
@ApplicationScoped
public class Idempotency implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Key> {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY = 200;

    /** Canonical JSON for hashing request bodies (sorted keys, ISO times). */
    private final ObjectMapper canonical = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .build();
    private final ObjectMapper json;

    public Idempotency(ObjectMapper json) {
        this.json = json;
    }

    /** What a create produced: status, body and optional Location. */
    public record Outcome(int status, Object body, URI location) {
    }

    /**
     * Runs {@code action} and stores its outcome in ONE transaction with the created object, so a
     * duplicate that loses the race on the unique key rolls its creation back and replays the winner.
     */
    public Response atomically(String caller, String key, Object request, Supplier<Outcome> action) {
        if (key == null) {
            return toResponse(action.get());
        }
        String k = checkKey(key);
        String hash = hash(request);
        Optional<Response> replay = replay(caller, k, hash);
        if (replay.isPresent()) {
            return replay.get();
        }
        try {
            Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
                Outcome o = action.get();
                store(caller, k, hash, o);
                return o;
            });
            return toResponse(outcome);
        } catch (RuntimeException e) {
            return replay(caller, k, hash).orElseThrow(() -> e);
        }
    }

    /**
     * For actions that are idempotent on their own business key (claims): run, then store the
     * outcome; a concurrent duplicate that stored first wins and is replayed.
     */
    public Response afterwards(String caller, String key, Object request, Supplier<Outcome> action) {
        if (key == null) {
            return toResponse(action.get());
        }
        String k = checkKey(key);
        String hash = hash(request);
        Optional<Response> replay = replay(caller, k, hash);
        if (replay.isPresent()) {
            return replay.get();
        }
        Outcome outcome = action.get();
        try {
            QuarkusTransaction.requiringNew().run(() -> store(caller, k, hash, outcome));
            return toResponse(outcome);
        } catch (RuntimeException e) {
            return replay(caller, k, hash).orElseThrow(() -> e);
        }
    }

    private String checkKey(String key) {
        if (key.isBlank() || key.length() > MAX_KEY) {
            throw ApiException.invalid(HEADER, "must be 1 to " + MAX_KEY + " characters");
        }
        return key;
    }

    private Optional<Response> replay(String caller, String key, String hash) {
        IdempotencyRecord existing = QuarkusTransaction.requiringNew()
                .call(() -> findById(new IdempotencyRecord.Key(caller, key)));
        if (existing == null) {
            return Optional.empty();
        }
        if (!existing.requestHash.equals(hash)) {
            throw ApiException.conflict("idempotency-key-reused",
                    "This Idempotency-Key was already used with a different request body");
        }
        Response.ResponseBuilder b = Response.status(existing.responseStatus)
                .type(MediaType.APPLICATION_JSON)
                .entity(existing.responseBody)
                .header("Idempotent-Replayed", "true");
        if (existing.location != null) {
            b.location(URI.create(existing.location));
        }
        return Optional.of(b.build());
    }

    private void store(String caller, String key, String hash, Outcome outcome) {
        IdempotencyRecord r = new IdempotencyRecord();
        r.id = new IdempotencyRecord.Key(caller, key);
        r.requestHash = hash;
        r.responseStatus = outcome.status();
        try {
            r.responseBody = json.writeValueAsString(outcome.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
        r.location = outcome.location() == null ? null : outcome.location().toString();
        r.createdAt = Instant.now();
        persist(r);
        flush();
    }

    private static Response toResponse(Outcome o) {
        Response.ResponseBuilder b = Response.status(o.status()).entity(o.body());
        if (o.location() != null) {
            b.location(o.location());
        }
        return b.build();
    }

    String hash(Object request) {
        try {
            byte[] bytes = canonical.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash request", e);
        }
    }
}
