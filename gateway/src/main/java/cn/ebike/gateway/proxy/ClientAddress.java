package cn.ebike.gateway.proxy;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who the caller is, for per-IP rate limits and the {@code X-Forwarded-For} the services see.
 *
 * <p>By default the gateway is the edge and the TCP peer is the caller: an {@code X-Forwarded-For} the caller
 * sends is ignored (anyone could claim any address and so dodge the anonymous limits). Behind a load balancer
 * or ingress controller every request would come from that proxy, so all anonymous callers would share one
 * bucket; {@code TRUSTED_PROXIES} (IPs or CIDRs) names those proxies. When the peer is one of them, the
 * header is read from the right — each trusted proxy appends the address it saw — and the first address that
 * is not a trusted proxy is the caller. What a caller wrote further left is never believed.
 */
public final class ClientAddress {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Cidr> trusted;

    public ClientAddress(List<String> trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                parsed.add(Cidr.parse(entry.trim()));
            }
        }
        this.trusted = List.copyOf(parsed);
    }

    public String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        return resolve(peer, request.getHeader("X-Forwarded-For"));
    }

    /** The caller's address given the TCP peer and the X-Forwarded-For header it sent (may be null). */
    public String resolve(String peer, String forwardedFor) {
        if (trusted.isEmpty() || forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String candidate = peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = literal(hops[i].trim());
            if (hop == null) {
                break; // garbage: believe nothing further left
            }
            candidate = hop.getHostAddress();
            if (!isTrusted(hop)) {
                break;
            }
        }
        return candidate;
    }

    private boolean isTrusted(String address) {
        InetAddress a = literal(address);
        return a != null && isTrusted(a);
    }

    private boolean isTrusted(InetAddress a) {
        for (Cidr c : trusted) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** An IP literal, never a DNS look-up; null when the text is not one. */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45 || !IP_LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block, "10.0.0.0/8", "2001:db8::/32" or a single address. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: '" + text + "' is not an IP address or CIDR block");
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: bad prefix length in '" + text + "'");
            }
            return new Cidr(address.getAddress(), prefix);
        }

        boolean contains(InetAddress a) {
            byte[] bytes = a.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
