package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Replicas per overlay, one HPA and one PDB per Deployment, and rollouts that keep capacity. */
class ScalingTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    @Test
    void devRunsOneReplicaOfEachService() {
        for (Deployment deployment : Rendered.overlay("dev").all(Deployment.class)) {
            assertThat(deployment.getSpec().getReplicas()).as(deployment.getMetadata().getName()).isEqualTo(1);
        }
    }

    @Test
    void prodRunsAtLeastTwoReplicasOfEachServiceSpreadOverNodes() {
        for (Deployment deployment : Rendered.overlay("prod").all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            assertThat(deployment.getSpec().getReplicas()).as(name + " replicas").isGreaterThanOrEqualTo(2);
            List<TopologySpreadConstraint> spread = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertThat(spread).as(name + " spreads its pods over nodes, strictly")
                    .anyMatch(c -> c.getTopologyKey().equals("kubernetes.io/hostname")
                            && c.getWhenUnsatisfiable().equals("DoNotSchedule")
                            && NetworkPolicyModel.matches(c.getLabelSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()));
        }
        assertThat(Rendered.overlay("prod").get(Deployment.class, "gateway").getSpec().getReplicas())
                .as("the gateway takes every request first").isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachDeploymentHasOneCpuDrivenAutoscalerStartingAtItsReplicaCount(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        assertThat(manifests.all(HorizontalPodAutoscaler.class)).hasSameSizeAs(manifests.all(Deployment.class));
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name)).toList();
            assertThat(autoscalers).as(name + " autoscalers").hasSize(1);
            HorizontalPodAutoscaler hpa = autoscalers.get(0);

            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
            assertThat(hpa.getSpec().getMinReplicas()).as(name + " minReplicas = Deployment replicas (so an apply does not fight the HPA)")
                    .isEqualTo(deployment.getSpec().getReplicas());
            assertThat(hpa.getSpec().getMaxReplicas()).as(name + " maxReplicas").isGreaterThan(hpa.getSpec().getMinReplicas());
            assertThat(hpa.getSpec().getMetrics()).as(name + " scales on CPU utilisation (needs the cpu request)")
                    .anyMatch(m -> m.getResource() != null && m.getResource().getName().equals("cpu")
                            && m.getResource().getTarget().getType().equals("Utilization")
                            && m.getResource().getTarget().getAverageUtilization() != null);
            if (overlay.equals("prod")) {
                assertThat(hpa.getSpec().getMinReplicas()).as(name + " prod minReplicas").isGreaterThanOrEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachDeploymentHasADisruptionBudgetThatStillLetsNodesDrain(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        assertThat(manifests.all(PodDisruptionBudget.class)).hasSameSizeAs(manifests.all(Deployment.class));
        for (Deployment deployment : manifests.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class).stream()
                    .filter(p -> NetworkPolicyModel.matches(p.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(budgets).as(name + " disruption budgets").hasSize(1);
            PodDisruptionBudget budget = budgets.get(0);
            int replicas = deployment.getSpec().getReplicas();
            int mayBeDown = budget.getSpec().getMaxUnavailable() != null
                    ? absolute(budget.getSpec().getMaxUnavailable(), replicas)
                    : replicas - absolute(budget.getSpec().getMinAvailable(), replicas);
            assertThat(mayBeDown).as(name + ": pods a drain may evict at once").isGreaterThanOrEqualTo(1);
            if (replicas >= 2) {
                assertThat(mayBeDown).as(name + ": a drain keeps at least one pod serving").isLessThan(replicas);
            }
        }
    }

    private static int absolute(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        int percent = Integer.parseInt(value.getStrVal().replace("%", ""));
        return (int) Math.ceil(replicas * percent / 100.0);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void rolloutsAddAPodBeforeTakingOneAway(String overlay) {
        for (Deployment deployment : Rendered.overlay(overlay).all(Deployment.class)) {
            var strategy = deployment.getSpec().getStrategy();
            assertThat(strategy.getType()).isEqualTo("RollingUpdate");
            assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal())
                    .as(deployment.getMetadata().getName() + " maxUnavailable").isZero();
            assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal())
                    .as(deployment.getMetadata().getName() + " maxSurge").isPositive();
        }
    }
}
