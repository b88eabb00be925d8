package cn.ebike.tradein.support;

import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Real RS256 tokens signed with the test-only key, shaped like the gateway's. */
public final class Tokens {

    public static final String ISSUER = "https://gateway.ebike.local";
    public static final String AUDIENCE = "ebike-suite";

    private Tokens() {
    }

    public static String regulator() {
        return token("regulator-" + UUID.randomUUID(), "REGULATOR", null);
    }

    public static String regulator(String subject) {
        return token(subject, "REGULATOR", null);
    }

    public static String dealer(UUID dealerId) {
        return token("staff-" + dealerId, "DEALER", dealerId);
    }

    public static String owner(UUID ownerId) {
        return token(ownerId.toString(), "OWNER", null);
    }

    public static String service() {
        return token("subsidy-service", "SERVICE", null);
    }

    public static String admin() {
        return token("admin", "ADMIN", null);
    }

    public static String dealerWithoutDealerId() {
        return token("staff-without-dealer", "DEALER", null);
    }

    public static String token(String subject, String role, UUID dealerId) {
        var builder = Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(role)
                .expiresIn(600);
        if (dealerId != null) {
            builder.claim("dealerId", dealerId.toString());
        }
        return builder.jws().keyId("test-only").sign();
    }

    public static String expired() {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("late").groups("REGULATOR")
                .issuedAt(now - 3600).expiresAt(now - 1800).jws().keyId("test-only").sign();
    }

    public static String wrongIssuer() {
        return Jwt.issuer("https://evil.example").audience(AUDIENCE).subject("x").groups("REGULATOR")
                .expiresIn(600).jws().keyId("test-only").sign();
    }

    public static String wrongAudience() {
        return Jwt.issuer(ISSUER).audience("another-suite").subject("x").groups("REGULATOR")
                .expiresIn(600).jws().keyId("test-only").sign();
    }

    public static String signedWithAnotherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("x").groups("REGULATOR").expiresIn(600)
                    .jws().keyId("test-only").sign(pair.getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}) claiming the regulator role. */
    public static String algNone() {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"x\","
                + "\"groups\":[\"REGULATOR\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        return header + "." + payload + ".";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
