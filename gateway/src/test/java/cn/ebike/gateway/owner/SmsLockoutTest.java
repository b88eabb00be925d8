package cn.ebike.gateway.owner;

import static cn.ebike.gateway.support.WireMockServices.registration;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.problem.ApiException;
import cn.ebike.gateway.support.GatewayTestBase;
import cn.ebike.gateway.support.RecordingSmsSender;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 7: nobody can lock an owner out. Wrong codes count against the guessing address (at this code
 * and over all phones), not against the owner; the code dies only after many wrong tries from all addresses
 * together; a new code is always obtainable after the resend interval, at most 10 a day per phone. Addresses
 * are given to {@link OwnerCodes#login} as {@code ApiEdgeFilter} resolves them (a test client has one address).
 */
@QuarkusTest
class SmsLockoutTest extends GatewayTestBase {

    static final String OWNER_ID = "0b5e8f0c-2222-4222-8333-944455556666";

    @Inject
    OwnerCodes codes;

    @Inject
    RecordingSmsSender sms;

    String phone;

    @BeforeEach
    void anOwner() {
        sms.clear();
        phone = "136" + String.format("%08d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000L));
        registration.stubFor(post(urlEqualTo("/api/owners/lookup/by-phone")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"items\":[{\"id\":\"" + OWNER_ID + "\",\"name\":\"张*\",\"idNumber\":\"330105********1234\"}]}")));
        registration.stubFor(post(urlEqualTo("/api/owners/lookup")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + OWNER_ID + "\",\"name\":\"张*\",\"phone\":\"136****0000\"}")));
    }

    private String newCode() {
        codes.requestCode(phone);
        return sms.lastCodeFor(phone);
    }

    private static String wrong(String code, int i) {
        String w = String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000);
        return w;
    }

    private static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (ApiException e) {
            return e.status();
        }
    }

    @Test
    void theRealOwnersCodeWorksWhileAnAttackerGuessesFromElsewhere() {
        String code = newCode();
        // an attacker spends every try it has, from one address
        for (int i = 0; i < 5; i++) {
            assertThat(status(() -> codes.login(phone, wrong(code, 0), null, "203.0.113.9"))).isEqualTo(401);
        }
        assertThat(status(() -> codes.login(phone, wrong(code, 1), null, "203.0.113.9"))).isEqualTo(429);
        // ... and four more addresses, four tries each
        for (int a = 1; a <= 4; a++) {
            for (int i = 0; i < 4; i++) {
                int n = i;
                String address = "198.51.100." + a;
                assertThat(status(() -> codes.login(phone, wrong(code, n), null, address))).isEqualTo(401);
            }
        }
        // the owner, at home, still signs in with the code they were sent
        OwnerCodes.Outcome outcome = codes.login(phone, code, null, "192.0.2.10");
        assertThat(outcome).isEqualTo(new OwnerCodes.SignedIn(OWNER_ID));
    }

    @Test
    void oneAddressGuessingAcrossPhonesIsStoppedAfterItsFailures() {
        String attacker = "203.0.113.77";
        int refused = 0;
        for (int p = 0; p < 5; p++) {
            String target = "135" + String.format("%08d", p + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 90_000_000L));
            for (int i = 0; i < 5; i++) {
                int s = status(() -> codes.login(target, "000000", null, attacker));
                if (s == 429) {
                    refused++;
                } else {
                    assertThat(s).isEqualTo(401);
                }
            }
        }
        // 20 failures in the window, then every call from that address is 429 (unknown phones count too)
        assertThat(refused).isEqualTo(5);
        assertThatThrownBy(() -> codes.login(phone, "000000", null, attacker)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(429));
        // another address is not held back
        assertThat(status(() -> codes.login(phone, "000000", null, "192.0.2.44"))).isEqualTo(401);
    }

    @Test
    void manyAddressesTogetherEndTheCodeAndANewOneCanBeHadAfterTheInterval() throws Exception {
        String code = newCode();
        for (int a = 0; a < 30; a++) {
            String address = "198.18.0." + a;
            assertThat(status(() -> codes.login(phone, wrong(code, 0), null, address))).isEqualTo(401);
        }
        // 30 wrong tries from all addresses together: the code is gone
        assertThat(status(() -> codes.login(phone, code, null, "192.0.2.10"))).isEqualTo(401);
        // a new code: after the resend interval (the test profile's), never refused for the attack itself
        assertThat(status(() -> codes.requestCode(phone))).isEqualTo(429);
        redis.key().del(redis.key().keys("gateway:sms-sent:*").toArray(String[]::new));
        String fresh = newCode();
        assertThat(fresh).isNotNull();
        assertThat(codes.login(phone, fresh, null, "192.0.2.10")).isEqualTo(new OwnerCodes.SignedIn(OWNER_ID));
    }

    @Test
    void atMostTenCodesADayPerPhone() {
        for (int i = 0; i < 10; i++) {
            codes.requestCode(phone);
            // the resend interval is not what this test is about
            redis.key().del(redis.key().keys("gateway:sms-sent:*").toArray(String[]::new));
        }
        assertThat(sms.sentTo(phone)).isEqualTo(10);
        assertThatThrownBy(() -> codes.requestCode(phone)).isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    ApiException api = (ApiException) e;
                    assertThat(api.status()).isEqualTo(429);
                    assertThat(Long.parseLong(api.headers().get("Retry-After"))).isBetween(1L, 86_400L);
                });
        assertThat(sms.sentTo(phone)).isEqualTo(10);
    }
}
