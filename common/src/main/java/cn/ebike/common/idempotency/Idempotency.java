package cn.ebike.common.idempotency;

import cn.ebike.common.problem.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * API.md's {@code Idempotency-Key} on POSTs that create: the same caller, key and request replay the first
 * answer (status, body, Location, plus {@code Idempotent-Replayed: true}); the same key with another
 * request is 409 {@code idempotency-key-reused}; concurrent requests with one key create once. A request
 * that fails stores nothing, so it can be retried with its key.
 *
 * <p>Every service keeps its own {@code idempotency_keys} table (same columns in each: caller, idem_key,
 * request_hash, response_status, response_body, location, created_at; primary key (caller, idem_key)).
 * Keys older than {@code ebike.idempotency.retention} (24 h unless configured) are purged hourly; the
 * purge is one DELETE, harmless when several replicas run it.
 *
 * <p>Three ways in, by how the creation is shaped:
 * <ul>
 * <li>{@link #execute}: the key row is inserted first, in the same transaction as the creation; a
 * concurrent duplicate waits on the primary key until the first commits (then replays it) or rolls back
 * (then runs itself);</li>
 * <li>{@link #prepareThenCreate}: a slow, transaction-free preparation (calls to other services) first,
 * then the creation and the key in one transaction;</li>
 * <li>{@link #afterwards}: for actions that are idempotent on a business key of their own (a claim per
 * trade-in): run, then remember the answer; a concurrent duplicate that remembered first is replayed.</li>
 * </ul>
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    public static final int MAX_KEY_LENGTH = 200;

    private static final Logger LOG = Logger.getLogger(Idempotency.class);

    /** Canonical JSON for fingerprints: sorted keys, ISO times, so field order never matters. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .build();

    private final EntityManager em;

    private final ObjectMapper json;

    private final Duration retention;

    public Idempotency(EntityManager em, ObjectMapper json,
            @ConfigProperty(name = "ebike.idempotency.retention", defaultValue = "PT24H") Duration retention) {
        this.em = em;
        this.json = json;
        this.retention = retention;
    }

    /** A stored first answer. */
    public record Stored(int status, String body, String location) {
    }

    /** Key first, in the caller's transaction (or a new one). {@code key == null} simply runs the action. */
    @Transactional
    public Response execute(String caller, String key, String method, String path, Object request,
            Supplier<Outcome> action) {
        if (key == null) {
            return fresh(action.get());
        }
        String hash = fingerprint(method, path, request);
        Optional<Stored> earlier = claim(caller, key, hash);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        return complete(caller, key, action.get());
    }

    /**
     * {@code prepare} runs outside any transaction (it may call other services; no connection or lock is
     * held meanwhile); {@code create} runs in a new transaction together with the key.
     */
    public <P> Response prepareThenCreate(String caller, String key, String method, String path, Object request,
            Supplier<P> prepare, Function<P, Outcome> create) {
        if (key == null) {
            P prepared = prepare.get();
            return fresh(QuarkusTransaction.requiringNew().call(() -> create.apply(prepared)));
        }
        checkKey(key);
        String hash = fingerprint(method, path, request);
        Optional<Stored> earlier = QuarkusTransaction.requiringNew().call(() -> find(caller, key, hash));
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        P prepared;
        try {
            prepared = prepare.get();
        } catch (RuntimeException refused) {
            // a concurrent request with this key may have created the object meanwhile, which is why this one
            // was refused (e.g. "vehicle already in a trade-in"): then its answer is the one to replay
            Optional<Stored> winner = QuarkusTransaction.requiringNew().call(() -> find(caller, key, hash));
            if (winner.isPresent()) {
                return replay(winner.get());
            }
            throw refused;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Stored> first = claim(caller, key, hash);
            if (first.isPresent()) {
                return replay(first.get());
            }
            return complete(caller, key, create.apply(prepared));
        });
    }

    /** Run the (itself idempotent) action, then remember its answer; the first remembered answer wins. */
    public Response afterwards(String caller, String key, String method, String path, Object request,
            Supplier<Outcome> action) {
        if (key == null) {
            return fresh(action.get());
        }
        checkKey(key);
        String hash = fingerprint(method, path, request);
        Optional<Stored> earlier = QuarkusTransaction.requiringNew().call(() -> find(caller, key, hash));
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        Outcome outcome = action.get();
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Stored> first = claim(caller, key, hash);
            if (first.isPresent()) {
                return replay(first.get());
            }
            return complete(caller, key, outcome);
        });
    }

    /**
     * The low-level step, for code that builds its own answer: in the current transaction, takes the key
     * (empty: go on, then {@link #remember}) or returns the first answer (same request) or throws 409
     * (another request, or one that has not finished).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stored> claim(String caller, String key, String fingerprint) {
        checkKey(key);
        int inserted = em.createNativeQuery("INSERT INTO idempotency_keys (caller, idem_key, request_hash, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (caller, idem_key) DO NOTHING")
                .setParameter(1, caller).setParameter(2, key).setParameter(3, fingerprint)
                .setParameter(4, Instant.now())
                .executeUpdate();
        if (inserted == 1) {
            return Optional.empty();
        }
        Optional<Stored> stored = find(caller, key, fingerprint);
        if (stored.isEmpty()) {
            throw unfinished();
        }
        return stored;
    }

    /** Stores the answer of a key taken with {@link #claim}, in the same transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(String caller, String key, int status, String body, String location) {
        em.createNativeQuery("UPDATE idempotency_keys SET response_status = ?1, response_body = ?2, location = ?3"
                        + " WHERE caller = ?4 AND idem_key = ?5")
                .setParameter(1, status).setParameter(2, body).setParameter(3, location)
                .setParameter(4, caller).setParameter(5, key)
                .executeUpdate();
    }

    /** What makes two requests "the same": method, path and the request's canonical JSON, hashed. */
    public String fingerprint(String method, String path, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + ' ' + path + '\n').getBytes(StandardCharsets.UTF_8));
            sha.update(request instanceof String raw ? raw.getBytes(StandardCharsets.UTF_8)
                    : CANONICAL.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    /** The HTTP answer replaying a stored first answer. */
    public static Response replay(Stored stored) {
        Response.ResponseBuilder answer = Response.status(stored.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(stored.body())
                .header(REPLAYED_HEADER, "true");
        if (stored.location() != null) {
            answer.location(URI.create(stored.location()));
        }
        return answer.build();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOldKeys() {
        int purged = purgeOlderThan(Instant.now().minus(retention));
        if (purged > 0) {
            LOG.debugf("purged %d Idempotency-Key records older than %s", purged, retention);
        }
    }

    /** Deletes keys created before {@code cutoff}; returns how many. */
    @Transactional
    public int purgeOlderThan(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM idempotency_keys WHERE created_at < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
    }

    private Response complete(String caller, String key, Outcome outcome) {
        String body = write(outcome.body());
        String location = outcome.location() == null ? null : outcome.location().toString();
        em.flush();
        remember(caller, key, outcome.status(), body, location);
        return build(outcome.status(), body, outcome.location());
    }

    private Response fresh(Outcome outcome) {
        return build(outcome.status(), write(outcome.body()), outcome.location());
    }

    private static Response build(int status, String body, URI location) {
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (location != null) {
            answer.location(location);
        }
        return answer.build();
    }

    /** The stored answer for (caller, key), if finished; 409 when it was taken with another request. */
    @SuppressWarnings("unchecked")
    private Optional<Stored> find(String caller, String key, String fingerprint) {
        List<Object[]> rows = em.createNativeQuery("SELECT request_hash, response_status, response_body, location"
                        + " FROM idempotency_keys WHERE caller = ?1 AND idem_key = ?2")
                .setParameter(1, caller).setParameter(2, key)
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        if (!fingerprint.equals(row[0])) {
            throw ApiException.conflict("idempotency-key-reused",
                    "This Idempotency-Key was already used with a different request.", HEADER);
        }
        if (row[1] == null) {
            throw unfinished();
        }
        return Optional.of(new Stored(((Number) row[1]).intValue(), (String) row[2], (String) row[3]));
    }

    private static ApiException unfinished() {
        return ApiException.conflict("idempotency-key-in-use",
                "The Idempotency-Key is in use by a request that has not finished; retry.", HEADER);
    }

    private static void checkKey(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.invalid(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }

    private String write(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }
}
