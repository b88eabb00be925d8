package cn.ebike.gateway.owner;

import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.redis.LuaScript;
import cn.ebike.gateway.redis.RedisKeys;
import cn.ebike.gateway.token.SigningKeys;
import cn.ebike.gateway.token.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time SMS login codes for owners, in Redis:
 * {@code gateway:sms-code:<h(phone)>} holds the HMAC of the code, the owner id and the wrong tries
 * (TTL = code lifetime); {@code gateway:sms-sent:<h(phone)>} allows one new code per phone per
 * interval. Phones appear in keys only as HMACs, codes never in clear. Checking a code is one Lua
 * script: a right code is deleted as it is used, a wrong one counts, the last allowed wrong try
 * deletes it.
 */
@ApplicationScoped
public class OwnerCodes {

    public record CodeIssued(long expiresIn, String devCode) {
    }

    /** KEYS[1] code hash; ARGV code hmac, owner id, ttl ms. */
    private static final LuaScript STORE = new LuaScript("""
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'h', ARGV[1], 'owner', ARGV[2], 'tries', 0)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """);

    /** KEYS[1] code hash; ARGV presented hmac, max tries. Returns the owner id, or false. */
    private static final LuaScript CHECK = new LuaScript("""
            local h = redis.call('HGET', KEYS[1], 'h')
            if not h then return false end
            if h == ARGV[1] then
              local owner = redis.call('HGET', KEYS[1], 'owner')
              redis.call('DEL', KEYS[1])
              return owner
            end
            local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
            if tries >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
            return false
            """);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Redis redis;
    private final GatewayConfig config;
    private final OwnerDirectory owners;
    private final SmsSender sender;
    private final TokenIssuer issuer;
    private final byte[] hmacKey;

    public OwnerCodes(Redis redis, GatewayConfig config, OwnerDirectory owners, SmsSender sender,
            TokenIssuer issuer, SigningKeys keys) {
        this.redis = redis;
        this.config = config;
        this.owners = owners;
        this.sender = sender;
        this.issuer = issuer;
        // derived from the signing key so every replica (which shares that key) computes the same HMACs
        this.hmacKey = sha256(concat("ebike-gateway/sms-code/v1".getBytes(StandardCharsets.UTF_8),
                keys.privateKey().getEncoded()));
    }

    public CodeIssued requestCode(String phone) {
        String phoneId = hmac("phone:" + phone);
        String sentKey = RedisKeys.key("sms-sent", phoneId);
        long interval = config.sms().resendInterval().toMillis();
        Response set = await(redis.send(Request.cmd(Command.SET).arg(sentKey).arg("1").arg("PX").arg(interval).arg("NX")));
        if (set == null) {
            Response pttl = await(redis.send(Request.cmd(Command.PTTL).arg(sentKey)));
            long waitMs = pttl == null ? interval : Math.max(1, pttl.toLong());
            throw ApiException.rateLimited((waitMs + 999) / 1000, "A code was sent to this phone less than a minute ago.");
        }
        Optional<String> ownerId;
        try {
            ownerId = owners.ownerIdByPhone(phone);
        } catch (ApiException e) {
            redis.send(Request.cmd(Command.DEL).arg(sentKey));
            throw e;
        }
        long ttl = config.sms().codeTtl().toSeconds();
        String code = newCode();
        if (ownerId.isPresent()) {
            STORE.runBlocking(redis, new String[] {codeKey(phoneId)}, hmac("code:" + phoneId + ":" + code),
                    ownerId.get(), config.sms().codeTtl().toMillis());
            sender.sendLoginCode(phone, code, ttl);
        }
        // an unknown phone gets the same answer (no enumeration); its code is stored nowhere
        return new CodeIssued(ttl, config.sms().echo() ? code : null);
    }

    public TokenIssuer.IssuedToken login(String phone, String code) {
        String phoneId = hmac("phone:" + phone);
        Response owner = CHECK.runBlocking(redis, new String[] {codeKey(phoneId)},
                hmac("code:" + phoneId + ":" + code), config.sms().maxAttempts());
        if (owner == null || owner.toString() == null || owner.toString().isBlank()) {
            throw ApiException.unauthorized("Wrong, expired or used code.");
        }
        return issuer.forOwner(owner.toString());
    }

    private static String codeKey(String phoneId) {
        return RedisKeys.key("sms-code", phoneId);
    }

    static String newCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Login codes are unavailable right now.");
        } catch (Exception e) {
            throw ApiException.unavailable("Login codes are unavailable right now.");
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
