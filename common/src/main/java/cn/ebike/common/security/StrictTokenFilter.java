package cn.ebike.common.security;

import cn.ebike.common.problem.ApiException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link TokenRules} to every bearer token sent to a non-public endpoint, in every service that uses
 * common: a token that breaks one is a 401 problem+json ({@code @PermitAll} endpoints ignore tokens, as before). Known kids:
 * the RFC 7638 thumbprint of the key in {@code mp.jwt.verify.publickey.location} (what the gateway puts in
 * {@code kid}), plus {@code ebike.jwt.known-kids} (a previous key during a rotation; test keys). Off with
 * {@code ebike.jwt.strict=false} (the gateway: its TokenVerifier applies the same rules to what it verifies).
 */
public class StrictTokenFilter {

    private static final Logger LOG = Logger.getLogger(StrictTokenFilter.class);

    private volatile Set<String> knownKids;
    private volatile Boolean enabled;

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        String authorization = request.getHeaderString("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || !enabled()) {
            return; // no bearer token: SmallRye JWT answers as before
        }
        if (isPublic(resource)) {
            return; // a public endpoint ignores whatever token comes with the call
        }
        String problem = TokenRules.problem(authorization.substring(7).trim(), kids(),
                System.currentTimeMillis() / 1000);
        if (problem != null) {
            throw ApiException.unauthorized("The token is not acceptable: " + problem + ".");
        }
    }

    private static boolean isPublic(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return false;
        }
        if (method.isAnnotationPresent(PermitAll.class)) {
            return true;
        }
        return !method.isAnnotationPresent(RolesAllowed.class) && resource.getResourceClass() != null
                && resource.getResourceClass().isAnnotationPresent(PermitAll.class);
    }

    private boolean enabled() {
        Boolean e = enabled;
        if (e == null) {
            e = ConfigProvider.getConfig().getOptionalValue("ebike.jwt.strict", Boolean.class).orElse(true);
            enabled = e;
        }
        return e;
    }

    private Set<String> kids() {
        Set<String> k = knownKids;
        if (k == null) {
            k = loadKids(ConfigProvider.getConfig());
            knownKids = k;
        }
        return k;
    }

    static Set<String> loadKids(Config config) {
        Set<String> kids = new HashSet<>();
        config.getOptionalValues("ebike.jwt.known-kids", String.class).orElse(List.of()).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(kids::add);
        Optional<String> location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class);
        location.filter(l -> !l.isBlank()).ifPresent(l -> {
            try {
                kids.add(TokenRules.thumbprint(readKey(l)));
            } catch (Exception e) {
                LOG.warnf("cannot read %s for the known kid: %s", l, e.toString());
            }
        });
        return Set.copyOf(kids);
    }

    private static RSAPublicKey readKey(String location) throws Exception {
        String pem;
        Path file = Path.of(location.startsWith("file:") ? location.substring(5) : location);
        if (Files.isRegularFile(file)) {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } else {
            String resource = location.startsWith("classpath:") ? location.substring(10) : location;
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("not found");
                }
                pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
