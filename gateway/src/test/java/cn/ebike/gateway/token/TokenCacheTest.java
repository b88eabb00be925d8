package cn.ebike.gateway.token;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each token is verified once and then served from the cache; revocation still wins. */
@QuarkusTest
class TokenCacheTest extends GatewayTestBase {

    @Inject
    TokenVerifier verifier;

    @Inject
    RevokedSubjects revoked;

    @Test
    void aTokenIsVerifiedOnceAndTheCachedAnswerIsTheSame() {
        String token = Tokens.sign(Tokens.claims("cache-" + UUID.randomUUID(), "REGULATOR").claim("dealerId", "d-1"));
        TokenVerifier.VerifiedToken first = verifier.check(token);
        TokenVerifier.VerifiedToken second = verifier.check(token);
        assertThat(second).isSameAs(first);
        assertThat(first.groups()).containsExactly("REGULATOR");
        assertThat(first.dealerId()).isEqualTo("d-1");
        // callers of verify() get their own copy: SmallRye JWT may change what it is given
        assertThat(verifier.verify(token)).isNotSameAs(verifier.verify(token));
    }

    @Test
    void aCachedTokenStillExpires() throws Exception {
        Instant now = Instant.now();
        // expired 25 s ago: still within the 30 s clock skew, so accepted and cached, for 5 s more
        String token = Tokens.sign(Tokens.claims("late-" + UUID.randomUUID(), "REGULATOR")
                .issuedAt(now.minusSeconds(300)).expiresAt(now.minusSeconds(25)));
        verifier.check(token);
        Thread.sleep(6_000);
        assertThatThrownBy(() -> verifier.check(token)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void aRevokedSubjectsCachedTokenIsRefusedByTheRouterAtOnce() {
        registration.stubFor(get(urlPathMatching("/api/vehicles.*")).willReturn(aResponse().withStatus(200).withBody("{}")));
        String subject = "client-" + UUID.randomUUID();
        String token = Tokens.bearer(subject, "DEALER");
        given().header("Authorization", token).get("/api/vehicles").then().statusCode(200);
        revoked.revoke(subject, System.currentTimeMillis());
        verifier.invalidateSubject(subject);
        given().header("Authorization", token).get("/api/vehicles").then().statusCode(401);
        // a token issued after the revocation (a new session, say) is not caught by it
        String later = Tokens.sign(Tokens.claims(subject, "DEALER").issuedAt(Instant.now().plusSeconds(2)));
        assertThat(verifier.check(later).subject()).isEqualTo(subject);
    }

    @Test
    void invalidatingASubjectDropsOnlyItsTokens() {
        String mine = Tokens.sign(Tokens.claims("mine-" + UUID.randomUUID(), "OWNER"));
        String other = Tokens.sign(Tokens.claims("other-" + UUID.randomUUID(), "OWNER"));
        TokenVerifier.VerifiedToken a = verifier.check(mine);
        TokenVerifier.VerifiedToken b = verifier.check(other);
        verifier.invalidateSubject(a.subject());
        assertThat(verifier.check(other)).isSameAs(b);
        assertThat(verifier.check(mine)).isNotSameAs(a).isEqualTo(verifier.check(mine));
    }
}
