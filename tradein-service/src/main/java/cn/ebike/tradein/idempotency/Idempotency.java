package cn.ebike.tradein.idempotency;

import cn.ebike.common.problem.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for POSTs that create something.
 *
 * <p>The key row is inserted in the same transaction as the object it creates, with
 * {@code ON CONFLICT DO NOTHING} on the primary key (caller, key): a concurrent request with the same key
 * waits on that insert until the first transaction ends, then finds the stored answer and replays it (same
 * body) or refuses it (different body, 409). A request that fails stores nothing, so retrying it with the
 * same key runs it again. Only successful creations are replayed.
 *
 * <p>Creation is split in two: {@code prepare} runs outside any transaction (it may call other services,
 * and no database connection or lock is held meanwhile); {@code persist} runs in the transaction.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    /**
     * @param fingerprint what makes two requests "the same": method, path and the parsed body
     */
    public <P, T> Response create(String caller, String key, String fingerprint, Supplier<P> prepare,
            Function<P, T> persist, Function<T, URI> location) {
        if (key == null) {
            P prepared = prepare.get();
            return QuarkusTransaction.requiringNew().call(() -> {
                T created = persist.apply(prepared);
                return Response.created(location.apply(created)).entity(created).build();
            });
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.invalid(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String hash = sha256(fingerprint);
        Optional<Stored> earlier = QuarkusTransaction.requiringNew().call(() -> find(caller, key));
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        P prepared;
        try {
            prepared = prepare.get();
        } catch (RuntimeException refused) {
            // a concurrent request with this key may have created the object meanwhile, which is why this
            // one was refused (e.g. "vehicle already in a trade-in"): then its answer is the one to replay
            Optional<Stored> winner = QuarkusTransaction.requiringNew().call(() -> find(caller, key));
            if (winner.isPresent()) {
                return replay(winner.get(), hash);
            }
            throw refused;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            int inserted = em.createNativeQuery("INSERT INTO idempotency_keys (caller, idem_key, request_hash, created_at)"
                            + " VALUES (?1, ?2, ?3, now()) ON CONFLICT DO NOTHING")
                    .setParameter(1, caller).setParameter(2, key).setParameter(3, hash)
                    .executeUpdate();
            if (inserted == 0) {
                // a concurrent request with this key committed first
                return replay(find(caller, key).orElseThrow(), hash);
            }
            T created = persist.apply(prepared);
            em.flush();
            String body = json(created);
            URI uri = location.apply(created);
            em.createNativeQuery("UPDATE idempotency_keys SET response_status = ?1, response_body = ?2, location = ?3"
                            + " WHERE caller = ?4 AND idem_key = ?5")
                    .setParameter(1, 201).setParameter(2, body).setParameter(3, uri.toString())
                    .setParameter(4, caller).setParameter(5, key)
                    .executeUpdate();
            return Response.created(uri).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    /** The canonical form of a request, for {@link #create}'s fingerprint. */
    public String fingerprint(String method, String path, Object body) {
        return method + " " + path + "\n" + json(body);
    }

    private Response replay(Stored stored, String hash) {
        if (!stored.requestHash().equals(hash)) {
            throw ApiException.conflict("idempotency-key-reused",
                    "this Idempotency-Key was used with a different request", HEADER);
        }
        Response.ResponseBuilder answer = Response.status(stored.status())
                .entity(stored.body())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Idempotent-Replayed", "true");
        if (stored.location() != null) {
            answer.location(URI.create(stored.location()));
        }
        return answer.build();
    }

    @SuppressWarnings("unchecked")
    private Optional<Stored> find(String caller, String key) {
        List<Object[]> rows = em.createNativeQuery("SELECT request_hash, response_status, response_body, location"
                        + " FROM idempotency_keys WHERE caller = ?1 AND idem_key = ?2")
                .setParameter(1, caller).setParameter(2, key)
                .getResultList();
        return rows.stream().findFirst().map(r -> new Stored((String) r[0], ((Number) r[1]).intValue(),
                (String) r[2], (String) r[3]));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(String requestHash, int status, String body, String location) {
    }
}
