package cn.ebike.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress edge = new ClientAddress(List.of());
    private final ClientAddress behindIngress = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @Test
    void atTheEdgeTheTcpPeerIsTheCallerWhateverItClaims() {
        assertThat(edge.resolve("198.51.100.4", "6.6.6.6")).isEqualTo("198.51.100.4");
        assertThat(edge.resolve("10.1.2.3", "6.6.6.6")).isEqualTo("10.1.2.3");
        assertThat(edge.resolve("198.51.100.4", null)).isEqualTo("198.51.100.4");
    }

    @Test
    void behindATrustedProxyTheAddressItAppendedIsTheCaller() {
        // the caller sent "6.6.6.6" itself; the ingress (10.1.2.3) appended the address it saw
        assertThat(behindIngress.resolve("10.1.2.3", "6.6.6.6, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindIngress.resolve("10.1.2.3", "203.0.113.9")).isEqualTo("203.0.113.9");
        // two trusted hops (a load balancer, then the ingress)
        assertThat(behindIngress.resolve("192.168.1.7", "6.6.6.6, 203.0.113.9, 10.9.9.9")).isEqualTo("203.0.113.9");
        assertThat(behindIngress.resolve("fd12::1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
    }

    @Test
    void anUntrustedPeerCannotSpeakForAnyone() {
        assertThat(behindIngress.resolve("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(behindIngress.resolve("10.1.2.3", null)).isEqualTo("10.1.2.3");
    }

    @Test
    void garbageOrHostNamesInTheHeaderAreNeverBelievedOrLookedUp() {
        assertThat(behindIngress.resolve("10.1.2.3", "evil.example.com")).isEqualTo("10.1.2.3");
        assertThat(behindIngress.resolve("10.1.2.3", "203.0.113.9, not-an-ip")).isEqualTo("10.1.2.3");
        assertThat(behindIngress.resolve("10.1.2.3", "localhost, 10.4.4.4")).isEqualTo("10.4.4.4");
    }

    @Test
    void onlyTheMaskedBitsOfABlockCount() {
        ClientAddress narrow = new ClientAddress(List.of("172.16.0.0/12"));
        assertThat(narrow.resolve("172.31.255.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(narrow.resolve("172.32.0.1", "203.0.113.9")).isEqualTo("172.32.0.1");
    }

    @Test
    void aBadTrustedProxySettingStopsTheStartWithItsName() {
        assertThatThrownBy(() -> new ClientAddress(List.of("ingress.example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TRUSTED_PROXIES");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
    }
}
