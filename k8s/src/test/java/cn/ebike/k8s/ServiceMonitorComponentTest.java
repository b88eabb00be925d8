package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional Prometheus Operator component, added to prod the way its comment says. */
class ServiceMonitorComponentTest {

    @Test
    void addsOneServiceMonitorThatScrapesTheFourServicesMetrics() {
        Manifests manifests = Rendered.prodWithServiceMonitor();
        assertThat(manifests.problems).isEmpty();
        List<GenericKubernetesResource> extra = manifests.resources.stream()
                .filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast).toList();
        assertThat(extra).as("the component adds one ServiceMonitor and nothing else the model does not know")
                .singleElement().satisfies(m -> {
                    assertThat(m.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
                    assertThat(m.getKind()).isEqualTo("ServiceMonitor");
                    assertThat(m.getMetadata().getNamespace()).isEqualTo("ebike");
                });
        Map<String, Object> spec = extra.get(0).get("spec");
        LabelSelector selector = new KubernetesSerialization().convertValue(spec.get("selector"), LabelSelector.class);

        List<String> selected = manifests.all(Service.class).stream()
                .filter(s -> NetworkPolicyModel.matches(selector, s.getMetadata().getLabels()))
                .map(s -> s.getMetadata().getName()).toList();
        assertThat(selected).containsExactlyInAnyOrderElementsOf(SuiteService.deploymentNames());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> {
            assertThat(endpoint).containsEntry("path", "/q/metrics");
            for (String name : selected) {
                assertThat(manifests.get(Service.class, name).getSpec().getPorts()).extracting(ServicePort::getName)
                        .as("Service " + name + " has the port the ServiceMonitor scrapes").contains(String.valueOf(endpoint.get("port")));
            }
        });
        assertThat(manifests.all(Deployment.class)).as("the rest of prod is still there").hasSize(4);
    }
}
