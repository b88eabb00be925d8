package cn.ebike.gateway.session;

import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.redis.RedisKeys;
import cn.ebike.gateway.token.SessionRevocations;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Access tokens that must no longer pass although they have not expired: every token of a subject issued up to
 * a moment ({@code sub:<subject>}, e.g. when a regulator changes an owner's phone) or every token of an ended
 * session ({@code sid:<session id>}, logout or a replayed refresh token).
 *
 * <p>Checked where every token is verified ({@code TokenVerifier}), so it must cost nothing per request: each
 * replica keeps the set in memory. The set is shared through a Redis sorted set ({@code gateway:revocations},
 * member = key, score = revocation time in seconds), read every {@code gateway.sessions.revocation-poll}
 * (1 s), so a revocation made on one replica holds on all of them within about a second (at once on the one that
 * made it). PostgreSQL ({@code token_revocation}) is the record: every 30 s and at start each replica merges it
 * and writes it back to Redis, so a Redis that lost its data is rebuilt. Entries older than the longest token
 * lifetime are dropped everywhere: no token they could refuse is still alive.
 */
@Singleton
public class Revocations implements SessionRevocations {

    private static final Logger LOG = Logger.getLogger(Revocations.class);
    static final String KEY = RedisKeys.key("revocations");

    private final Map<String, Long> revokedAt = new ConcurrentHashMap<>();
    private final Redis redis;
    private final EntityManager em;
    private final Vertx vertx;
    private final GatewayConfig config;
    private final Duration keep;
    private long pollTimer = -1;
    private long rebuildTimer = -1;
    private volatile long lastWarning;

    public Revocations(Redis redis, EntityManager em, Vertx vertx, GatewayConfig config) {
        this.redis = redis;
        this.em = em;
        this.vertx = vertx;
        this.config = config;
        // a token lives at most 15 minutes (+ clock skew): older revocations refuse nothing
        this.keep = Duration.ofMinutes(15).plus(config.jwt().clockSkew()).plusMinutes(2);
    }

    public static String subject(String subject) {
        return "sub:" + subject;
    }

    public static String session(UUID sessionId) {
        return "sid:" + sessionId;
    }

    /** True when a token of this subject / session issued at {@code issuedAtSeconds} has been revoked. */
    @Override
    public boolean refuses(String subject, String sessionId, long issuedAtSeconds) {
        if (revokedAt.isEmpty()) {
            return false;
        }
        Long bySubject = subject == null ? null : revokedAt.get(subject(subject));
        if (bySubject != null && issuedAtSeconds <= bySubject) {
            return true;
        }
        Long bySession = sessionId == null ? null : revokedAt.get("sid:" + sessionId);
        return bySession != null && issuedAtSeconds <= bySession;
    }

    /** Records a revocation: PostgreSQL in the caller's transaction, this replica at once, Redis for the others. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoke(String key, Instant at) {
        long seconds = at.getEpochSecond();
        em.createNativeQuery("INSERT INTO token_revocation (revoked_key, revoked_at) VALUES (?1, ?2) "
                        + "ON CONFLICT (revoked_key) DO UPDATE SET revoked_at = GREATEST(token_revocation.revoked_at, EXCLUDED.revoked_at)")
                .setParameter(1, key).setParameter(2, Timestamp.from(at)).executeUpdate();
        revokedAt.merge(key, seconds, Math::max);
        redis.send(Request.cmd(Command.ZADD).arg(KEY).arg("GT").arg(seconds).arg(key))
                .onFailure(e -> warn("revocation not shared through Redis yet (the next rebuild does it)", e));
    }

    // ---------------------------------------------------------------------------------------------
    void start(@Observes StartupEvent event) {
        rebuild();
        pollTimer = vertx.setPeriodic(config.sessions().revocationPoll().toMillis(), id -> poll());
        rebuildTimer = vertx.setPeriodic(30_000, id -> vertx.executeBlocking(() -> {
            rebuild();
            return null;
        }, false));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(rebuildTimer);
    }

    /** Reads the shared set from Redis into memory (non-blocking). */
    void poll() {
        long horizon = Instant.now().minus(keep).getEpochSecond();
        redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(KEY).arg(horizon).arg("+inf").arg("WITHSCORES"))
                .onSuccess(this::merge)
                .onFailure(e -> warn("revocations not read from Redis", e));
        revokedAt.values().removeIf(s -> s < horizon);
    }

    private void merge(Response r) {
        if (r == null) {
            return;
        }
        // RESP2: flat [member, score, ...]; RESP3: [[member, score], ...]
        if (r.size() > 0 && r.get(0).size() == 2) {
            for (Response pair : r) {
                revokedAt.merge(pair.get(0).toString(), (long) Double.parseDouble(pair.get(1).toString()), Math::max);
            }
            return;
        }
        for (int i = 0; i + 1 < r.size(); i += 2) {
            revokedAt.merge(r.get(i).toString(), (long) Double.parseDouble(r.get(i + 1).toString()), Math::max);
        }
    }

    /** PostgreSQL → memory and Redis; drops what is too old to matter (blocking: worker threads only). */
    @ActivateRequestContext
    @Transactional
    public void rebuild() {
        Instant horizon = Instant.now().minus(keep);
        try {
            em.createNativeQuery("DELETE FROM token_revocation WHERE revoked_at < ?1")
                    .setParameter(1, Timestamp.from(horizon)).executeUpdate();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT revoked_key, revoked_at FROM token_revocation")
                    .getResultList();
            if (rows.isEmpty()) {
                return;
            }
            Request zadd = Request.cmd(Command.ZADD).arg(KEY).arg("GT");
            for (Object[] row : rows) {
                long seconds = Sessions.instant(row[1]).getEpochSecond();
                revokedAt.merge((String) row[0], seconds, Math::max);
                zadd.arg(seconds).arg((String) row[0]);
            }
            redis.send(zadd).onFailure(e -> warn("revocations not written back to Redis", e));
            redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(KEY).arg("-inf").arg("(" + horizon.getEpochSecond()));
        } catch (RuntimeException e) {
            warn("revocations not read from PostgreSQL", e);
        }
    }

    private void warn(String what, Throwable e) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 10_000) {
            lastWarning = now;
            LOG.warnf("%s: %s", what, e.toString());
        }
    }
}
