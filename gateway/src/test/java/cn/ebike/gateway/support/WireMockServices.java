package cn.ebike.gateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Stands in for the three services at HTTP level: one WireMock server each, on free ports. A test
 * can {@link #kill} one to make it dead (connection refused); {@link #resetAll} brings it back on
 * the same port, which is where the gateway's configuration points.
 */
public class WireMockServices implements QuarkusTestResourceLifecycleManager {

    public static WireMockServer registration;
    public static WireMockServer tradein;
    public static WireMockServer subsidy;
    private static int registrationPort;
    private static int tradeinPort;
    private static int subsidyPort;

    @Override
    public Map<String, String> start() {
        registration = started(0);
        registrationPort = registration.port();
        tradein = started(0);
        tradeinPort = tradein.port();
        subsidy = started(0);
        subsidyPort = subsidy.port();
        return Map.of(
                "gateway.services.registration", "http://127.0.0.1:" + registrationPort,
                "gateway.services.tradein", "http://127.0.0.1:" + tradeinPort,
                "gateway.services.subsidy", "http://127.0.0.1:" + subsidyPort);
    }

    private static WireMockServer started(int port) {
        WireMockServer server = new WireMockServer(port == 0
                ? options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20)
                : options().bindAddress("127.0.0.1").port(port).containerThreads(20));
        server.start();
        return server;
    }

    public static void kill(WireMockServer server) {
        server.stop();
    }

    public static void resetAll() {
        if (!registration.isRunning()) {
            registration = started(registrationPort);
        }
        if (!tradein.isRunning()) {
            tradein = started(tradeinPort);
        }
        if (!subsidy.isRunning()) {
            subsidy = started(subsidyPort);
        }
        registration.resetAll();
        tradein.resetAll();
        subsidy.resetAll();
    }

    @Override
    public void stop() {
        for (WireMockServer s : new WireMockServer[] {registration, tradein, subsidy}) {
            if (s != null && s.isRunning()) {
                s.stop();
            }
        }
    }
}
