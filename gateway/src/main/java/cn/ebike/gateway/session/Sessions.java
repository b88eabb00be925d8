package cn.ebike.gateway.session;

import cn.ebike.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Refresh sessions in PostgreSQL (the record of truth: they survive a restart and are shared by every gateway
 * replica). One row per sign-in; each refresh rotates its token under a row lock, so concurrent refreshes of one
 * session are decided one after the other:
 * <ul>
 *   <li>the current token → a new token (rotation);</li>
 *   <li>the token rotated out just before, within {@code gateway.sessions.reuse-grace} → the same new token again
 *       (a second tab, or a retry whose first answer was lost: both end up with one live token);</li>
 *   <li>any older token of the session → the whole session is revoked (RFC 9700 §4.14.2: a replayed refresh
 *       token means it leaked) and so are the access tokens it issued.</li>
 * </ul>
 * Owners' sessions live 30 days from the last use, staff sessions 12 hours from sign-in.
 */
@ApplicationScoped
public class Sessions {

    public enum Kind { OWNER, STAFF }

    /** A started or refreshed session: the refresh token to hand out and how long it lives. */
    public record Issued(UUID sessionId, String subject, Kind kind, String refreshToken, Duration lifetime) {
    }

    public sealed interface Refresh permits Refreshed, Refused {
    }

    public record Refreshed(Issued issued) implements Refresh {
    }

    /** {@code reused}: an old token came back and the session has just been revoked. */
    public record Refused(boolean reused) implements Refresh {
    }

    private final EntityManager em;
    private final RefreshTokens tokens;
    private final GatewayConfig config;
    private final Revocations revocations;

    public Sessions(EntityManager em, RefreshTokens tokens, GatewayConfig config, Revocations revocations) {
        this.em = em;
        this.tokens = tokens;
        this.config = config;
        this.revocations = revocations;
    }

    @Transactional
    public Issued start(String subject, Kind kind) {
        Instant now = Instant.now();
        UUID id = UUID.randomUUID();
        String token = tokens.newToken(id);
        Duration lifetime = kind == Kind.OWNER ? config.sessions().ownerIdle() : config.sessions().staffAbsolute();
        // the subject's long-dead sessions go as a new one starts (keeps the table to live sessions)
        em.createNativeQuery("DELETE FROM auth_session WHERE subject = ?1 AND expires_at < ?2")
                .setParameter(1, subject).setParameter(2, ts(now.minus(Duration.ofDays(1)))).executeUpdate();
        em.createNativeQuery("INSERT INTO auth_session (id, subject, kind, created_at, last_used_at, expires_at, "
                        + "current_hash) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)")
                .setParameter(1, id).setParameter(2, subject).setParameter(3, kind.name()).setParameter(4, ts(now))
                .setParameter(5, ts(now.plus(lifetime))).setParameter(6, tokens.hash(token)).executeUpdate();
        return new Issued(id, subject, kind, token, lifetime);
    }

    @Transactional
    public Refresh refresh(String presented) {
        Optional<RefreshTokens.Parsed> parsed = tokens.parse(presented);
        if (parsed.isEmpty()) {
            return new Refused(false);
        }
        UUID id = parsed.get().sessionId();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT subject, kind, created_at, expires_at, current_hash, "
                        + "previous_hash, rotated_at, current_sealed, revoked_at FROM auth_session WHERE id = ?1 FOR UPDATE")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return new Refused(false);
        }
        Object[] r = rows.get(0);
        String subject = (String) r[0];
        Kind kind = Kind.valueOf((String) r[1]);
        Instant expiresAt = instant(r[3]);
        byte[] current = (byte[]) r[4];
        byte[] previous = (byte[]) r[5];
        Instant rotatedAt = r[6] == null ? null : instant(r[6]);
        byte[] sealed = (byte[]) r[7];
        if (r[8] != null) {
            return new Refused(false);
        }
        Instant now = Instant.now();
        if (!now.isBefore(expiresAt)) {
            end(id, "EXPIRED", now);
            return new Refused(false);
        }
        byte[] hash = parsed.get().secretHash();
        // owners: 30 days from the last use; staff: fixed at sign-in
        Instant newExpiry = kind == Kind.OWNER ? now.plus(config.sessions().ownerIdle()) : expiresAt;
        Duration lifetime = Duration.between(now, newExpiry);
        if (MessageDigest.isEqual(hash, current)) {
            String next = tokens.newToken(id);
            em.createNativeQuery("UPDATE auth_session SET previous_hash = current_hash, current_hash = ?2, "
                            + "rotated_at = ?3, current_sealed = ?4, generation = generation + 1, last_used_at = ?3, "
                            + "expires_at = ?5 WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, tokens.hash(next)).setParameter(3, ts(now))
                    .setParameter(4, tokens.seal(id, next)).setParameter(5, ts(newExpiry)).executeUpdate();
            return new Refreshed(new Issued(id, subject, kind, next, lifetime));
        }
        boolean inGrace = previous != null && MessageDigest.isEqual(hash, previous) && rotatedAt != null
                && sealed != null && !now.isAfter(rotatedAt.plus(config.sessions().reuseGrace()));
        if (inGrace) {
            em.createNativeQuery("UPDATE auth_session SET last_used_at = ?2, expires_at = ?3 WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, ts(now)).setParameter(3, ts(newExpiry)).executeUpdate();
            return new Refreshed(new Issued(id, subject, kind, tokens.unseal(id, sealed), lifetime));
        }
        // an older token of this session came back: someone holds a copy. End the session for everyone.
        end(id, "REUSED", now);
        revocations.revoke(Revocations.session(id), now);
        return new Refused(true);
    }

    /** Ends sessions (logout): their refresh tokens stop working and so do the access tokens they issued. */
    @Transactional
    public int logout(List<UUID> sessionIds) {
        Instant now = Instant.now();
        int ended = 0;
        for (UUID id : sessionIds) {
            ended += end(id, "LOGOUT", now);
            revocations.revoke(Revocations.session(id), now);
        }
        return ended;
    }

    /** Ends every session of a subject and refuses every access token issued to it until now. */
    @Transactional
    public int revokeSubject(String subject, Instant at) {
        int ended = em.createNativeQuery("UPDATE auth_session SET revoked_at = ?2, revoked_reason = 'SUBJECT', "
                        + "current_sealed = NULL WHERE subject = ?1 AND revoked_at IS NULL")
                .setParameter(1, subject).setParameter(2, ts(at)).executeUpdate();
        revocations.revoke(Revocations.subject(subject), at);
        return ended;
    }

    private int end(UUID id, String reason, Instant now) {
        return em.createNativeQuery("UPDATE auth_session SET revoked_at = ?2, revoked_reason = ?3, current_sealed = NULL "
                        + "WHERE id = ?1 AND revoked_at IS NULL")
                .setParameter(1, id).setParameter(2, ts(now)).setParameter(3, reason).executeUpdate();
    }

    /** Whether the session was started for this subject. */
    public boolean belongsTo(UUID sessionId, String subject) {
        return subject != null && ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM auth_session WHERE id = ?1 AND subject = ?2")
                .setParameter(1, sessionId).setParameter(2, subject).getSingleResult()).longValue() > 0;
    }

    /** The session a refresh token names, if it is one (for logout by cookie). */
    public Optional<UUID> sessionOf(String refreshToken) {
        return tokens.parse(refreshToken).map(RefreshTokens.Parsed::sessionId);
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    static Instant instant(Object o) {
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        throw new IllegalStateException("unexpected time type " + o.getClass());
    }
}
