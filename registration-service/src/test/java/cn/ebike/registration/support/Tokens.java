package cn.ebike.registration.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Real RS256 tokens shaped like the gateway's, signed with the test-only key
 * ({@code smallrye.jwt.sign.key.location} → src/test/resources/test-only-keys/jwt-private.pem).
 */
public final class Tokens {

    public static final String ISSUER = "https://gateway.ebike.local";
    public static final String AUDIENCE = "ebike-suite";

    private Tokens() {
    }

    public static JwtClaimsBuilder claims(String subject, String role) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(role))
                .issuedAt(now).expiresAt(now.plusSeconds(300)).claim("jti", UUID.randomUUID().toString());
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("test-only").sign();
    }

    public static String sign(JwtClaimsBuilder claims, PrivateKey key) {
        return claims.jws().keyId("other").sign(key);
    }

    public static String regulator() {
        return sign(claims("regulator-1", "REGULATOR"));
    }

    public static String admin() {
        return sign(claims("admin", "ADMIN"));
    }

    public static String service(String clientId) {
        return sign(claims(clientId, "SERVICE"));
    }

    public static String service() {
        return service("tradein-service");
    }

    public static String dealer(UUID dealerId) {
        return sign(claims("staff-" + dealerId, "DEALER").claim("dealerId", dealerId.toString()));
    }

    public static String owner(String ownerId) {
        return sign(claims(ownerId, "OWNER"));
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    public static String unsigned(String subject, String role) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject
                + "\",\"upn\":\"" + subject + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now + ",\"exp\":"
                + (now + 300) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
