package cn.ebike.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    @Test
    void eachPrefixBelongsToItsService() {
        assertThat(Upstream.forPath("/api/owners")).isEqualTo(Upstream.REGISTRATION);
        assertThat(Upstream.forPath("/api/owners/me")).isEqualTo(Upstream.REGISTRATION);
        assertThat(Upstream.forPath("/api/vehicles/import")).isEqualTo(Upstream.REGISTRATION);
        assertThat(Upstream.forPath("/api/plates/verify")).isEqualTo(Upstream.REGISTRATION);
        assertThat(Upstream.forPath("/api/dealers/1/commitment")).isEqualTo(Upstream.TRADEIN);
        assertThat(Upstream.forPath("/api/trade-ins")).isEqualTo(Upstream.TRADEIN);
        assertThat(Upstream.forPath("/api/campaigns/1/stats")).isEqualTo(Upstream.SUBSIDY);
        assertThat(Upstream.forPath("/api/subsidies/me")).isEqualTo(Upstream.SUBSIDY);
        // the owners' views
        assertThat(Upstream.forPath("/api/plates/浙A000001/qr.svg")).isEqualTo(Upstream.REGISTRATION);
        assertThat(Upstream.forPath("/api/owners/lookup/by-phone")).isEqualTo(Upstream.REGISTRATION);
        assertThat(Upstream.forPath("/api/subsidies/wallet")).isEqualTo(Upstream.SUBSIDY);
        assertThat(Upstream.forPath("/api/auth/refresh")).isNull();
        assertThat(Upstream.forPath("/api/auth/sessions/revocations")).isNull();
    }

    @Test
    void theGatewaysOwnAndLookAlikePathsAreNotRouted() {
        assertThat(Upstream.forPath("/api/auth/login")).isNull();
        assertThat(Upstream.forPath("/api/stats/overview")).isNull();
        assertThat(Upstream.forPath("/api/ownersX")).isNull();
        assertThat(Upstream.forPath("/api/trade-insurance")).isNull();
    }

    @Test
    void onlyTheListedCallsAreAnonymous() {
        assertThat(AnonymousPaths.matches(HttpMethod.POST, "/api/plates/verify")).isTrue();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, "/api/plates/public-key")).isTrue();
        assertThat(AnonymousPaths.matches(HttpMethod.POST, "/api/auth/token")).isTrue();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, "/api/plates/verify")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.POST, "/api/auth/accounts")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, "/api/plates/ABC")).isFalse();
        // a refresh carries its own credential (the cookie); logout and revocations need a token
        assertThat(AnonymousPaths.matches(HttpMethod.POST, "/api/auth/refresh")).isTrue();
        assertThat(AnonymousPaths.matches(HttpMethod.POST, "/api/auth/logout")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.POST, "/api/auth/sessions/revocations")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, "/api/plates/ABC/qr.svg")).isFalse();
        // a dealer's public credit card (issue 14), and nothing else of the dealer
        String dealer = "/api/dealers/3f2b8c1e-0d4a-4f6b-9a7e-1c2d3e4f5a6b";
        assertThat(AnonymousPaths.matches(HttpMethod.GET, dealer + "/public")).isTrue();
        assertThat(AnonymousPaths.matches(HttpMethod.POST, dealer + "/public")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, dealer)).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, dealer + "/credit")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, dealer + "/public/qr.svg")).isTrue();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, dealer + "/public/qrXsvg")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, dealer + "/public/x")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, "/api/dealers/x/../public")).isFalse();
        assertThat(AnonymousPaths.matches(HttpMethod.GET, "/api/dealers/due-for-inspection/public")).isFalse();
    }
}
