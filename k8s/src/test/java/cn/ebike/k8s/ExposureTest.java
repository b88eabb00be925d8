package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.k8s.NetworkPolicyModel.Endpoint;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Only the gateway is reachable from outside, and each pod reaches only what it needs. */
class ExposureTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theOnlyIngressLeadsToTheGatewaysApiAndNothingElse(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        List<Ingress> ingresses = manifests.all(Ingress.class);
        assertThat(ingresses).as("Ingresses").hasSize(1);
        Ingress ingress = ingresses.get(0);

        assertThat(ingress.getSpec().getIngressClassName()).isNotBlank();
        assertThat(ingress.getSpec().getDefaultBackend()).as("no default backend").isNull();
        List<HTTPIngressPath> paths = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertThat(rule.getHost()).as("every rule names its host").isNotBlank();
            paths.addAll(rule.getHttp().getPaths());
        }
        assertThat(paths).isNotEmpty();
        Service gateway = manifests.get(Service.class, "gateway");
        for (HTTPIngressPath path : paths) {
            IngressBackend backend = path.getBackend();
            assertThat(backend.getService().getName()).isEqualTo("gateway");
            var port = backend.getService().getPort();
            assertThat(gateway.getSpec().getPorts())
                    .anyMatch(p -> port.getNumber() != null ? p.getPort().equals(port.getNumber()) : port.getName().equals(p.getName()));
            assertThat(path.getPath()).as("health, metrics and OpenAPI (/q/*) stay inside the cluster").isEqualTo("/api");
            assertThat(path.getPathType()).isEqualTo("Prefix");
        }
        assertThat(ingress.getMetadata().getAnnotations())
                .as("registration's CSV import needs 64 MiB bodies through the ingress")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "64m");
    }

    @Test
    void prodServesTheApiOverTls() {
        Ingress ingress = Rendered.overlay("prod").all(Ingress.class).get(0);
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
        List<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(t -> t.getHosts().stream()).toList();
        ingress.getSpec().getRules().forEach(rule -> assertThat(tlsHosts).contains(rule.getHost()));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noServiceIsExposedOutsideTheClusterDirectly(String overlay) {
        for (Service service : Rendered.overlay(overlay).all(Service.class)) {
            assertThat(service.getSpec().getType()).as(service.getMetadata().getName())
                    .isIn(null, "ClusterIP");
            assertThat(service.getSpec().getExternalIPs()).isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyPodIsCoveredByADefaultDenyInBothDirections(String overlay) {
        List<NetworkPolicy> policies = Rendered.overlay(overlay).all(NetworkPolicy.class);
        assertThat(policies).anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                && p.getSpec().getPodSelector().getMatchExpressions().isEmpty()
                && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()
                && NetworkPolicyModel.types(p).containsAll(List.of("Ingress", "Egress")));
    }

    /** The whole matrix: every source against every destination port, compared with what the suite needs. */
    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void connectionsAllowedAreExactlyTheOnesTheSuiteNeeds(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        NetworkPolicyModel model = new NetworkPolicyModel(manifests.all(NetworkPolicy.class));

        Map<String, Endpoint> pods = new LinkedHashMap<>();
        manifests.podTemplates().forEach((workload, template) -> {
            String name = workload.substring(workload.indexOf('/') + 1);
            pods.put(name, Endpoint.pod(name, "ebike", template.getMetadata().getLabels(), namedPorts(template)));
        });
        Endpoint postgres = overlay.equals("dev") ? pods.get("postgres") : Endpoint.external("managed-postgres", externalAddress(manifests, 5432));
        Endpoint redis = overlay.equals("dev") ? pods.get("redis") : Endpoint.external("managed-redis", externalAddress(manifests, 6379));
        assertThat(postgres).as("PostgreSQL").isNotNull();
        assertThat(redis).as("Redis").isNotNull();

        Endpoint ingressController = Endpoint.pod("ingress-controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"));
        Endpoint prometheus = Endpoint.pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
        Endpoint dns = Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"));
        Endpoint stranger = Endpoint.pod("pod-in-default-namespace", "default", Map.of("app", "stranger"));
        Endpoint debugPod = Endpoint.pod("unlabelled-pod-in-ebike", "ebike", Map.of("run", "debug"));
        Endpoint internet = Endpoint.external("internet", "203.0.113.7");

        List<Endpoint> sources = new ArrayList<>(pods.values());
        sources.addAll(List.of(ingressController, prometheus, stranger, debugPod));
        Map<Endpoint, List<Integer>> destinations = new LinkedHashMap<>();
        for (SuiteService service : SuiteService.values()) {
            destinations.put(pods.get(service.deployment), List.of(service.port, 5005));
        }
        destinations.put(postgres, List.of(5432));
        destinations.put(redis, List.of(6379));
        destinations.put(internet, List.of(443, 80));

        Set<String> expected = new java.util.HashSet<>(Set.of(
                "ingress-controller -> gateway:8080",
                "gateway -> registration-service:8081", "gateway -> tradein-service:8082", "gateway -> subsidy-service:8083",
                "gateway -> " + redis + ":6379", "gateway -> " + postgres + ":5432",
                "registration-service -> " + postgres + ":5432",
                // ends an owner's sessions after a regulator's correction (service token + revocation)
                "registration-service -> gateway:8080",
                "tradein-service -> registration-service:8081", "tradein-service -> subsidy-service:8083",
                "tradein-service -> gateway:8080", "tradein-service -> " + postgres + ":5432",
                "subsidy-service -> registration-service:8081", "subsidy-service -> tradein-service:8082",
                "subsidy-service -> gateway:8080", "subsidy-service -> " + redis + ":6379",
                "subsidy-service -> " + postgres + ":5432"));
        for (SuiteService service : SuiteService.values()) {
            expected.add("prometheus -> " + service.deployment + ":" + service.port);
        }

        List<String> wrong = new ArrayList<>();
        for (Endpoint from : sources) {
            for (Map.Entry<Endpoint, List<Integer>> to : destinations.entrySet()) {
                if (!from.inCluster() || !"ebike".equals(from.namespace()) && !"ebike".equals(to.getKey().namespace())) {
                    continue; // traffic that never touches the suite's namespace is not ours to police
                }
                for (int port : to.getValue()) {
                    String connection = from + " -> " + to.getKey() + ":" + port;
                    boolean needed = expected.contains(connection);
                    boolean allowed = model.allows(from, to.getKey(), port);
                    if (allowed != needed) {
                        wrong.add(connection + (allowed ? " is allowed but should not be" : " is blocked but the suite needs it"));
                    }
                    // defence in depth: each side of the suite's own pods is as tight as the whole
                    if ("ebike".equals(from.namespace()) && model.egressAllowed(from, to.getKey(), port, "TCP") != needed) {
                        wrong.add(connection + (needed ? " is blocked" : " is let out") + " by the source's egress policies");
                    }
                    if ("ebike".equals(to.getKey().namespace()) && model.ingressAllowed(from, to.getKey(), port, "TCP") != needed) {
                        wrong.add(connection + (needed ? " is blocked" : " is let in") + " by the destination's ingress policies");
                    }
                }
            }
        }
        for (Endpoint pod : pods.values()) {
            if (!model.allows(pod, dns, 53, "UDP") || !model.allows(pod, dns, 53, "TCP")) {
                wrong.add(pod + " cannot resolve names (DNS 53/udp+tcp to kube-dns)");
            }
        }

        assertThat(wrong).as(overlay + " network policy matrix").isEmpty();
    }

    private static Map<String, Integer> namedPorts(PodTemplateSpec template) {
        Map<String, Integer> ports = new HashMap<>();
        template.getSpec().getContainers().forEach(c -> {
            for (ContainerPort port : c.getPorts()) {
                if (port.getName() != null) {
                    ports.put(port.getName(), port.getContainerPort());
                }
            }
        });
        return ports;
    }

    /** An address inside the ipBlock prod's egress policies open for this port (the managed endpoint). */
    private static String externalAddress(Manifests manifests, int port) {
        for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
            for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                boolean forPort = rule.getPorts().stream().anyMatch(p -> p.getPort() != null && Integer.valueOf(port).equals(p.getPort().getIntVal()));
                var block = rule.getTo().stream().filter(peer -> peer.getIpBlock() != null).findFirst();
                if (forPort && block.isPresent()) {
                    String network = block.get().getIpBlock().getCidr().split("/")[0];
                    String[] octets = network.split("\\.");
                    octets[3] = String.valueOf(Integer.parseInt(octets[3]) + 1);
                    return String.join(".", octets);
                }
            }
        }
        return org.junit.jupiter.api.Assertions.fail("no egress ipBlock for port " + port + " (the managed endpoint)");
    }
}
