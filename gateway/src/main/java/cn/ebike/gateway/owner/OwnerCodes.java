package cn.ebike.gateway.owner;

import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.config.GatewayConfig;
import cn.ebike.gateway.redis.LuaScript;
import cn.ebike.gateway.redis.RedisKeys;
import cn.ebike.gateway.token.SigningKeys;
import cn.ebike.gateway.token.TokenIssuer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * One-time SMS login codes for owners, in Redis:
 * {@code gateway:sms-code:<h(phone)>} holds the HMAC of the code, the owner id and the wrong tries
 * (TTL = code lifetime); {@code gateway:sms-sent:<h(phone)>} allows one new code per phone per
 * interval. Phones appear in keys only as HMACs, codes never in clear. Checking a code is one Lua
 * script: a right code is deleted as it is used, a wrong one counts, the last allowed wrong try
 * deletes it. Called on worker threads (the login endpoints): Redis is asked through the blocking
 * {@link RedisDataSource}, at most {@code quarkus.redis.timeout} per command; a Redis that cannot answer makes the
 * login endpoints answer 503 (they fail closed).
 */
@ApplicationScoped
public class OwnerCodes {

    private static final Logger LOG = Logger.getLogger(OwnerCodes.class);

    public record CodeIssued(long expiresIn, String devCode) {
    }

    /** KEYS[1] code hash; ARGV code hmac, owners (JSON [{id,name,tail}]), ttl ms. */
    private static final LuaScript STORE = new LuaScript("""
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'h', ARGV[1], 'owners', ARGV[2], 'tries', 0)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """);

    /**
     * KEYS[1] code hash, KEYS[2] the address's failures over all phones; ARGV presented hmac, max wrong tries of one
     * address at this code, ID-number tail ('' for none), max failures of the address in the window, window ms,
     * max wrong tries at this code from all addresses, the address's field name. An address that used up its
     * tries (at this code, or over all phones in the window) is refused without looking at the code:
     * {'locked', ms} (429). A right code for one owner, or for one of several with a matching tail: deleted,
     * {'owner', id}. A right code shared by several owners without a (matching) tail: {'choose', owners JSON}, the
     * code kept for the repeated call. A wrong code: counted for the address at this code, for the address
     * overall and for the code; the code dies only when every address together reached the code's limit, so a
     * guesser elsewhere cannot burn the owner's code with a handful of tries.
     */
    private static final LuaScript CHECK = new LuaScript("""
            local addressFailures = tonumber(redis.call('GET', KEYS[2]) or '0')
            if addressFailures >= tonumber(ARGV[4]) then
              return {'locked', tostring(math.max(1, redis.call('PTTL', KEYS[2])))}
            end
            local h = redis.call('HGET', KEYS[1], 'h')
            if not h then
              -- no live code for this phone: a guess all the same, counted against the address
              if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[5]) end
              return false
            end
            local mine = tonumber(redis.call('HGET', KEYS[1], ARGV[7]) or '0')
            if mine >= tonumber(ARGV[2]) then
              return {'locked', tostring(math.max(1, redis.call('PTTL', KEYS[1])))}
            end
            if h == ARGV[1] then
              local raw = redis.call('HGET', KEYS[1], 'owners')
              if not raw then
                local single = redis.call('HGET', KEYS[1], 'owner')
                redis.call('DEL', KEYS[1])
                if not single then return false end
                return {'owner', single}
              end
              local owners = cjson.decode(raw)
              if #owners == 1 then
                redis.call('DEL', KEYS[1])
                return {'owner', owners[1]['id']}
              end
              local found = nil
              local count = 0
              if ARGV[3] ~= '' then
                for _, o in ipairs(owners) do
                  if o['tail'] == ARGV[3] then
                    found = o['id']
                    count = count + 1
                  end
                end
              end
              if count == 1 then
                redis.call('DEL', KEYS[1])
                return {'owner', found}
              end
              return {'choose', raw}
            end
            redis.call('HINCRBY', KEYS[1], ARGV[7], 1)
            if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[5]) end
            local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
            if tries >= tonumber(ARGV[6]) then redis.call('DEL', KEYS[1]) end
            return false
            """);

    /**
     * KEYS[1] the phone's resend interval, KEYS[2] the phone's codes in the last 24 hours; ARGV interval ms,
     * codes per day, day ms. 0 when a code may be sent now (both counted), else the ms to wait (negative when
     * the daily allowance is used up).
     */
    private static final LuaScript MAY_SEND = new LuaScript("""
            local today = tonumber(redis.call('GET', KEYS[2]) or '0')
            if today >= tonumber(ARGV[2]) then
              return -math.max(1, redis.call('PTTL', KEYS[2]))
            end
            if not redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then
              return math.max(1, redis.call('PTTL', KEYS[1]))
            end
            if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
            return 0
            """);

    /** What a right code leads to: one owner, or a choice among the owners sharing the phone. */
    public sealed interface Outcome permits SignedIn, ChoiceRequired {
    }

    public record SignedIn(String ownerId) implements Outcome {
    }

    /** The masked choices ({@code name} 张*, {@code idNumberTail}); the code stays valid for the repeated call. */
    public record ChoiceRequired(java.util.List<Choice> choices) implements Outcome {
    }

    public record Choice(String name, String idNumberTail) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long DAY_MS = 24L * 3600 * 1000;

    private final RedisDataSource redis;
    private final KeyCommands<String> keys;
    private final GatewayConfig config;
    private final OwnerDirectory owners;
    private final SmsSender sender;
    private final TokenIssuer issuer;
    private final byte[] hmacKey;

    public OwnerCodes(RedisDataSource redis, GatewayConfig config, OwnerDirectory owners, SmsSender sender,
            TokenIssuer issuer, SigningKeys signingKeys) {
        this.redis = redis;
        this.keys = redis.key();
        this.config = config;
        this.owners = owners;
        this.sender = sender;
        this.issuer = issuer;
        // derived from the signing key so every replica (which shares that key) computes the same HMACs
        this.hmacKey = sha256(concat("ebike-gateway/sms-code/v1".getBytes(StandardCharsets.UTF_8),
                signingKeys.privateKey().getEncoded()));
    }

    public CodeIssued requestCode(String phone) {
        String phoneId = hmac("phone:" + phone);
        String sentKey = RedisKeys.key("sms-sent", phoneId);
        long interval = config.sms().resendInterval().toMillis();
        String dayKey = RedisKeys.key("sms-day", phoneId);
        long wait;
        try {
            Response r = MAY_SEND.runBlocking(redis, new String[] {sentKey, dayKey}, interval,
                    config.sms().dailyCodesPerPhone(), DAY_MS);
            wait = r == null ? 0 : r.toLong();
        } catch (LuaScript.RedisUnavailableException e) {
            throw ApiException.unavailable("Login codes are unavailable right now.");
        }
        if (wait > 0) {
            throw ApiException.rateLimited((wait + 999) / 1000, "A code was sent to this phone less than a minute ago.");
        }
        if (wait < 0) {
            throw ApiException.rateLimited((-wait + 999) / 1000,
                    "This phone has had the most codes a day allows; try again later.");
        }
        java.util.List<OwnerDirectory.OwnerMatch> matches;
        try {
            matches = owners.ownersByPhone(phone);
        } catch (ApiException e) {
            // the owner could not be looked up: the phone may ask again at once
            try {
                keys.del(sentKey);
            } catch (RuntimeException redisDown) {
                LOG.warnf("resend interval of a phone not lifted, Redis unavailable: %s", redisDown.toString());
            }
            throw e;
        }
        long ttl = config.sms().codeTtl().toSeconds();
        String code = newCode();
        if (!matches.isEmpty()) {
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            matches.forEach(m -> list.add(new io.vertx.core.json.JsonObject().put("id", m.id()).put("name", m.name())
                    .put("tail", m.idNumberTail().toUpperCase(java.util.Locale.ROOT))));
            try {
                STORE.runBlocking(redis, new String[] {codeKey(phoneId)}, hmac("code:" + phoneId + ":" + code),
                        list.encode(), config.sms().codeTtl().toMillis());
            } catch (LuaScript.RedisUnavailableException e) {
                throw ApiException.unavailable("Login codes are unavailable right now.");
            }
            sender.sendLoginCode(phone, code, ttl);
        }
        // an unknown phone gets the same answer (no enumeration); its code is stored nowhere
        return new CodeIssued(ttl, config.sms().echo() ? code : null);
    }

    /**
     * Checks the code. With several owners on the phone, {@code idNumberTail} (last four characters of the ID
     * number) says which one signs in; without it, or when it matches none, the answer lists the choices and the
     * code is not used up.
     */
    public Outcome login(String phone, String code, String idNumberTail, String clientAddress) {
        String phoneId = hmac("phone:" + phone);
        String addressId = hmac("address:" + (clientAddress == null ? "" : clientAddress));
        Response answer;
        try {
            answer = CHECK.runBlocking(redis, new String[] {codeKey(phoneId), RedisKeys.key("sms-fail", addressId)},
                    hmac("code:" + phoneId + ":" + code), config.sms().maxAttempts(),
                    idNumberTail == null ? "" : idNumberTail.toUpperCase(java.util.Locale.ROOT),
                    config.sms().addressMaxFailures(), config.sms().failureWindow().toMillis(),
                    config.sms().codeMaxFailures(), "a:" + addressId.substring(0, 32));
        } catch (LuaScript.RedisUnavailableException e) {
            throw ApiException.unavailable("Login codes are unavailable right now.");
        }
        if (answer == null || answer.size() != 2) {
            throw ApiException.unauthorized("Wrong, expired or used code.");
        }
        String kind = answer.get(0).toString();
        if ("locked".equals(kind)) {
            long waitMs = Long.parseLong(answer.get(1).toString());
            throw ApiException.rateLimited((waitMs + 999) / 1000,
                    "Too many wrong codes from this address; ask for a new code or try again later.");
        }
        if ("owner".equals(kind) && !answer.get(1).toString().isBlank()) {
            return new SignedIn(answer.get(1).toString());
        }
        if ("choose".equals(kind)) {
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray(answer.get(1).toString());
            java.util.List<Choice> choices = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                io.vertx.core.json.JsonObject o = list.getJsonObject(i);
                choices.add(new Choice(o.getString("name"), o.getString("tail")));
            }
            return new ChoiceRequired(choices);
        }
        throw ApiException.unauthorized("Wrong, expired or used code.");
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
