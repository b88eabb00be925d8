package cn.ebike.gateway.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/** Signs tokens for tests with the test-only keys (and deliberately broken variants). */
public final class Tokens {

    public static final String ISSUER = "https://gateway.ebike.local";
    public static final String AUDIENCE = "ebike-suite";

    private Tokens() {
    }

    public static JwtClaimsBuilder claims(String subject, String role) {
        Instant now = Instant.now();
        return Jwt.claims().issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject)
                .issuedAt(now).expiresAt(now.plusSeconds(600)).groups(Set.of(role))
                .claim("jti", UUID.randomUUID().toString());
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(currentKid()).sign(privateKey("test-only-keys/jwt-private.pem"));
    }

    public static String bearer(String subject, String role) {
        return "Bearer " + sign(claims(subject, role));
    }

    public static String regulator() {
        return bearer("regulator-" + UUID.randomUUID(), "REGULATOR");
    }

    public static PrivateKey privateKey(String resource) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String resource(String name) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kid the gateway publishes first in its JWKS (its current key). */
    public static String currentKid() {
        return io.restassured.RestAssured.given().get("/api/auth/jwks").then().statusCode(200)
                .extract().path("keys[0].kid");
    }
}
