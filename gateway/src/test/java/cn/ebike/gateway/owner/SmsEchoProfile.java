package cn.ebike.gateway.owner;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The demo run's SMS_ECHO=true. */
public class SmsEchoProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.sms.echo", "true");
    }
}
