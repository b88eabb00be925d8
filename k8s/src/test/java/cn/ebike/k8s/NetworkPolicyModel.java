package cn.ebike.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, the way the NetworkPolicy API defines it, whether a TCP/UDP connection is allowed: a pod is
 * isolated in a direction once any policy of its namespace selects it for that direction, and then only
 * a rule of a selecting policy can allow the connection; a connection needs both the source's egress and
 * the destination's ingress. Pods are given by namespace and labels (taken from the rendered pod
 * templates); endpoints outside the cluster by an IPv4 address (matched by ipBlock).
 */
final class NetworkPolicyModel {

    record Endpoint(String name, String namespace, Map<String, String> labels, String ip, Map<String, Integer> namedPorts) {

        static Endpoint pod(String name, String namespace, Map<String, String> labels) {
            return new Endpoint(name, namespace, labels, null, Map.of());
        }

        static Endpoint pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports) {
            return new Endpoint(name, namespace, labels, null, ports);
        }

        static Endpoint external(String name, String ip) {
            return new Endpoint(name, null, Map.of(), ip, Map.of());
        }

        boolean inCluster() {
            return namespace != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final List<NetworkPolicy> policies;

    NetworkPolicyModel(List<NetworkPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    boolean allows(Endpoint from, Endpoint to, int port) {
        return allows(from, to, port, "TCP");
    }

    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    /** The source side alone: does the source's egress let the connection out? */
    boolean egressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!from.inCluster()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getEgress().stream().map(rule -> Map.entry(p, rule)))
                .anyMatch(e -> peersMatch(e.getValue().getTo(), namespaceOf(e.getKey()), to)
                        && portsMatch(e.getValue().getPorts(), to, port, protocol));
    }

    /** The destination side alone: does the destination's ingress let the connection in? */
    boolean ingressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!to.inCluster()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> p.getSpec().getIngress().stream().map(rule -> Map.entry(p, rule)))
                .anyMatch(e -> peersMatch(e.getValue().getFrom(), namespaceOf(e.getKey()), from)
                        && portsMatch(e.getValue().getPorts(), to, port, protocol));
    }

    private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        List<NetworkPolicy> result = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            if (Objects.equals(namespaceOf(policy), pod.namespace())
                    && matches(policy.getSpec().getPodSelector(), pod.labels())
                    && types(policy).contains(direction)) {
                result.add(policy);
            }
        }
        return result;
    }

    /** policyTypes, or the API's default when it is left out: Ingress, plus Egress if there are egress rules. */
    static List<String> types(NetworkPolicy policy) {
        List<String> declared = policy.getSpec().getPolicyTypes();
        if (declared != null && !declared.isEmpty()) {
            return declared;
        }
        List<String> implied = new ArrayList<>(List.of("Ingress"));
        if (policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()) {
            implied.add("Egress");
        }
        return implied;
    }

    private static String namespaceOf(NetworkPolicy policy) {
        return policy.getMetadata().getNamespace();
    }

    private static boolean peersMatch(List<NetworkPolicyPeer> peers, String policyNamespace, Endpoint other) {
        if (peers == null || peers.isEmpty()) {
            return true; // no "to"/"from": every peer
        }
        return peers.stream().anyMatch(peer -> peerMatches(peer, policyNamespace, other));
    }

    private static boolean peerMatches(NetworkPolicyPeer peer, String policyNamespace, Endpoint other) {
        if (peer.getIpBlock() != null) {
            return !other.inCluster() && inBlock(other.ip(), peer.getIpBlock());
        }
        if (!other.inCluster()) {
            return false;
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null
                ? Objects.equals(policyNamespace, other.namespace())
                : matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", other.namespace()));
        boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
        return namespaceOk && podOk;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint to, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort rule : ports) {
            String ruleProtocol = rule.getProtocol() == null ? "TCP" : rule.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                continue;
            }
            IntOrString rulePort = rule.getPort();
            if (rulePort == null) {
                return true;
            }
            Integer first = rulePort.getIntVal() != null ? rulePort.getIntVal() : to.namedPorts().get(rulePort.getStrVal());
            if (first == null) {
                continue;
            }
            int last = rule.getEndPort() != null ? rule.getEndPort() : first;
            if (port >= first && port <= last) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> required = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        for (Map.Entry<String, String> entry : required.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null
                ? List.of() : selector.getMatchExpressions();
        for (LabelSelectorRequirement expression : expressions) {
            String value = labels.get(expression.getKey());
            boolean ok = switch (expression.getOperator()) {
                case "In" -> value != null && expression.getValues().contains(value);
                case "NotIn" -> value == null || !expression.getValues().contains(value);
                case "Exists" -> labels.containsKey(expression.getKey());
                case "DoesNotExist" -> !labels.containsKey(expression.getKey());
                default -> throw new IllegalArgumentException("unknown selector operator " + expression.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(String ip, IPBlock block) {
        if (!inCidr(ip, block.getCidr())) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(ip, except));
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String address) {
        String[] octets = address.split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        long value = 0;
        for (String octet : octets) {
            int n = Integer.parseInt(octet);
            if (n < 0 || n > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            value = (value << 8) | n;
        }
        return value;
    }
}
