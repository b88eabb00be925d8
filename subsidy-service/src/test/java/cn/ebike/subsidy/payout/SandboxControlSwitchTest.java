package cn.ebike.subsidy.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.problem.ApiException;
import cn.ebike.subsidy.config.SubsidyConfig;
import java.lang.reflect.Proxy;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The drill switch: off (the default), the control endpoint does not exist for anyone, and nothing changes. */
class SandboxControlSwitchTest {

    @Test
    void withTheSwitchOffTheControlAnswersNotFoundAndChangesNothing() {
        SubsidyConfig config = config(false);
        SandboxPayoutProvider sandbox = new SandboxPayoutProvider(null, config, new cn.ebike.common.time.BusinessClock());
        SandboxControlResource control = new SandboxControlResource(sandbox, config);

        assertThatThrownBy(control::get).isInstanceOf(ApiException.class).hasMessageContaining("PAYOUT_SANDBOX_CONTROL");
        assertThatThrownBy(() -> control.put(new SandboxControlResource.BehaviourView(null, 1.0, 1.0)))
                .isInstanceOf(ApiException.class);
        assertThat(sandbox.behaviour()).isEqualTo(new SandboxPayoutProvider.Behaviour(20, 0, 0));
    }

    @Test
    void withTheSwitchOnAPartialUpdateKeepsTheOtherKnobs() {
        SubsidyConfig config = config(true);
        SandboxPayoutProvider sandbox = new SandboxPayoutProvider(null, config, new cn.ebike.common.time.BusinessClock());
        SandboxControlResource control = new SandboxControlResource(sandbox, config);

        assertThat(control.put(new SandboxControlResource.BehaviourView(2000L, 0.3, null)))
                .isEqualTo(new SandboxControlResource.BehaviourView(2000L, 0.3, 0.0));
        assertThat(sandbox.behaviour()).isEqualTo(new SandboxPayoutProvider.Behaviour(2000, 0.3, 0));
        assertThatThrownBy(() -> control.put(new SandboxControlResource.BehaviourView(-1L, null, 2.0)))
                .isInstanceOf(ApiException.class);
        assertThat(sandbox.behaviour()).as("a refused update changes nothing").isEqualTo(new SandboxPayoutProvider.Behaviour(2000, 0.3, 0));
    }

    /** Only what the sandbox and its control read: latency 20 ms, no failures, no seed, the switch as given. */
    private static SubsidyConfig config(boolean controlEnabled) {
        SubsidyConfig.Sandbox sandbox = proxy(SubsidyConfig.Sandbox.class, name -> switch (name) {
            case "latencyMs" -> 20L;
            case "failureRate", "lostAnswerRate" -> 0.0;
            case "seed" -> OptionalLong.empty();
            case "controlEnabled" -> controlEnabled;
            default -> throw new UnsupportedOperationException(name);
        });
        SubsidyConfig.Payout payout = proxy(SubsidyConfig.Payout.class, name -> {
            if (name.equals("sandbox")) {
                return sandbox;
            }
            throw new UnsupportedOperationException(name);
        });
        return proxy(SubsidyConfig.class, name -> {
            if (name.equals("payout")) {
                return payout;
            }
            throw new UnsupportedOperationException(name);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> switch (m.getName()) {
            case "toString" -> type.getSimpleName();
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == args[0];
            default -> answers.apply(m.getName());
        });
    }
}
