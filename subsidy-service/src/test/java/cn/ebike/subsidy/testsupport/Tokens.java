package cn.ebike.subsidy.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** Real RS256 tokens signed with the test-only key (src/test/resources/test-only-keys), as the gateway issues them. */
public final class Tokens {

    public static final String ISSUER = "https://gateway.ebike.local";
    public static final String AUDIENCE = "ebike-suite";

    private Tokens() {
    }

    public static String of(String subject, String role) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(role))
                .expiresIn(Duration.ofMinutes(10)).jws().keyId("test-only").sign();
    }

    public static String regulator() {
        return of("regulator-1", "REGULATOR");
    }

    public static String service() {
        return of("tradein-service", "SERVICE");
    }

    public static String owner(UUID ownerId) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(ownerId.toString()).upn("owner").groups(Set.of("OWNER"))
                .expiresIn(Duration.ofMinutes(10)).jws().keyId("test-only").sign();
    }

    public static String dealer() {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("dealer-staff-1").groups(Set.of("DEALER"))
                .claim("dealerId", UUID.randomUUID().toString()).expiresIn(Duration.ofMinutes(10)).jws()
                .keyId("test-only").sign();
    }
}
