package cn.ebike.gateway.idempotency;

import cn.ebike.common.problem.Problem;
import cn.ebike.common.problem.ProblemType;
import cn.ebike.common.problem.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Idempotency-Key records in PostgreSQL. {@link #claim} runs inside the caller's transaction and
 * inserts the key first: a concurrent duplicate blocks on the primary key until the first
 * transaction ends, then sees its stored response (or takes over if the first one rolled back).
 */
@ApplicationScoped
public class IdempotencyStore {

    public static final int MAX_KEY_LENGTH = 200;

    public record StoredResponse(int status, String body) {
    }

    private final EntityManager em;

    public IdempotencyStore(EntityManager em) {
        this.em = em;
    }

    /**
     * Empty when this transaction now owns the key (go on, then {@link #complete}); the first response
     * when the same key came with the same body; 409 when it came with another body.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredResponse> claim(String caller, String key, String requestBody) {
        validate(key);
        String hash = sha256(requestBody);
        int inserted = em.createNativeQuery("INSERT INTO idempotency_record "
                + "(caller, idem_key, request_hash, status, response_body, created_at) "
                + "VALUES (?1, ?2, ?3, 0, '', ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, caller).setParameter(2, key).setParameter(3, hash)
                .setParameter(4, Timestamp.from(Instant.now())).executeUpdate();
        if (inserted == 1) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT request_hash, status, response_body "
                + "FROM idempotency_record WHERE caller = ?1 AND idem_key = ?2")
                .setParameter(1, caller).setParameter(2, key).getResultList();
        Object[] row = rows.get(0);
        if (!hash.equals(row[0])) {
            throw ApiException.conflict("idempotency-key-reused", "This Idempotency-Key was used with a different request body.");
        }
        return Optional.of(new StoredResponse(((Number) row[1]).intValue(), (String) row[2]));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void complete(String caller, String key, int status, String body) {
        em.createNativeQuery("UPDATE idempotency_record SET status = ?3, response_body = ?4 "
                + "WHERE caller = ?1 AND idem_key = ?2")
                .setParameter(1, caller).setParameter(2, key).setParameter(3, status).setParameter(4, body)
                .executeUpdate();
    }

    private static void validate(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.invalid("Idempotency-Key", "must be 1 to 200 characters");
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
