package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.k8s.NetworkPolicyModel.Endpoint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator the exposure tests rely on, checked against the NetworkPolicy API's rules. */
class NetworkPolicyModelTest {

    private static final Endpoint WEB = Endpoint.pod("web", "shop", Map.of("app", "web"), Map.of("http", 8080));
    private static final Endpoint DB = Endpoint.pod("db", "shop", Map.of("app", "db"));
    private static final Endpoint OTHER_NS_WEB = Endpoint.pod("web-elsewhere", "other", Map.of("app", "web"));
    private static final Endpoint PROXY = Endpoint.pod("proxy", "edge", Map.of("app", "proxy"));
    private static final Endpoint MANAGED_DB = Endpoint.external("managed-db", "10.1.2.3");

    private static NetworkPolicyModel model(String yaml) {
        Manifests manifests = Manifests.parse("test", yaml);
        assertThat(manifests.problems).isEmpty();
        return new NetworkPolicyModel(manifests.all(NetworkPolicy.class));
    }

    @Test
    void withoutPoliciesEverythingIsAllowed() {
        NetworkPolicyModel none = model("");

        assertThat(none.allows(WEB, DB, 5432)).isTrue();
        assertThat(none.allows(PROXY, WEB, 8080)).isTrue();
    }

    @Test
    void defaultDenyBlocksBothDirectionsInItsNamespaceOnly() {
        NetworkPolicyModel deny = model("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: shop}
                spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                """);

        assertThat(deny.allows(WEB, DB, 5432)).isFalse();
        assertThat(deny.allows(PROXY, WEB, 8080)).isFalse();
        assertThat(deny.allows(PROXY, OTHER_NS_WEB, 8080)).isTrue();
    }

    @Test
    void aConnectionNeedsTheSourcesEgressAndTheDestinationsIngress() {
        String denyAndEgressOnly = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: shop}
                spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-out, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]
                """;
        String dbIn = """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: db-in, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: db}}
                  ingress: [{from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}}], ports: [{port: 5432, protocol: TCP}]}]
                """;

        assertThat(model(denyAndEgressOnly).allows(WEB, DB, 5432)).isFalse();
        assertThat(model(denyAndEgressOnly + dbIn).allows(WEB, DB, 5432)).isTrue();
        assertThat(model(denyAndEgressOnly + dbIn).allows(WEB, DB, 5433)).isFalse();
        assertThat(model(denyAndEgressOnly + dbIn).allows(WEB, DB, 5432, "UDP")).isFalse();
        assertThat(model(denyAndEgressOnly + dbIn).allows(DB, WEB, 8080)).isFalse();
    }

    @Test
    void namespaceAndPodSelectorsInOnePeerMustBothMatch() {
        NetworkPolicyModel policy = model("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-in, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  ingress:
                    - from:
                        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: edge}}
                          podSelector: {matchLabels: {app: proxy}}
                      ports: [{port: http}]
                """);

        assertThat(policy.allows(PROXY, WEB, 8080)).isTrue();
        assertThat(policy.allows(Endpoint.pod("intruder", "edge", Map.of("app", "intruder")), WEB, 8080)).isFalse();
        assertThat(policy.allows(Endpoint.pod("proxy-copy", "shop", Map.of("app", "proxy")), WEB, 8080)).isFalse();
        assertThat(policy.allows(PROXY, WEB, 9090)).isFalse();
    }

    @Test
    void ipBlocksMatchAddressesOutsideTheClusterOnly() {
        NetworkPolicyModel policy = model("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-out, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress: [{to: [{ipBlock: {cidr: 10.1.0.0/16, except: [10.1.9.0/24]}}], ports: [{port: 5432}]}]
                """);

        assertThat(policy.allows(WEB, MANAGED_DB, 5432)).isTrue();
        assertThat(policy.allows(WEB, Endpoint.external("excluded", "10.1.9.7"), 5432)).isFalse();
        assertThat(policy.allows(WEB, Endpoint.external("elsewhere", "10.2.0.1"), 5432)).isFalse();
        assertThat(policy.allows(WEB, DB, 5432)).isFalse();
    }

    @Test
    void cidrArithmetic() {
        assertThat(NetworkPolicyModel.inCidr("192.0.2.10", "192.0.2.0/24")).isTrue();
        assertThat(NetworkPolicyModel.inCidr("192.0.3.10", "192.0.2.0/24")).isFalse();
        assertThat(NetworkPolicyModel.inCidr("8.8.8.8", "0.0.0.0/0")).isTrue();
        assertThat(NetworkPolicyModel.inCidr("10.0.0.1", "10.0.0.1/32")).isTrue();
        assertThat(NetworkPolicyModel.inCidr("10.0.0.2", "10.0.0.1")).isFalse();
    }
}
