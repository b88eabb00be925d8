package cn.ebike.common.security;

import cn.ebike.common.ids.Ids;
import cn.ebike.common.problem.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified JWT: {@code sub}, {@code upn}, the role, and the {@code dealerId} of
 * dealer staff. Services use it for object-level checks (is this the caller's vehicle?) and for the
 * audit trail's "who".
 */
@RequestScoped
public class Caller {

    private static final String[] BY_PRIVILEGE = {Roles.REGULATOR, Roles.SERVICE, Roles.ADMIN, Roles.DEALER, Roles.OWNER};

    private final JsonWebToken jwt;

    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public String subject() {
        String sub = jwt.getSubject();
        return sub == null ? "anonymous" : sub;
    }

    /** {@code upn} (username, client id or owner id), falling back to the subject. */
    public String name() {
        Object upn = jwt.getClaim("upn");
        return upn == null ? subject() : upn.toString().replace("\"", "");
    }

    public boolean is(String role) {
        Set<String> groups = jwt.getGroups();
        return groups != null && groups.contains(role);
    }

    /** The most privileged role the caller holds (tokens of this suite carry exactly one). */
    public String role() {
        for (String role : BY_PRIVILEGE) {
            if (is(role)) {
                return role;
            }
        }
        return null;
    }

    /** REGULATOR and SERVICE see every record of a service. */
    public boolean seesEverything() {
        return is(Roles.REGULATOR) || is(Roles.SERVICE);
    }

    /** The owner id of an OWNER token ({@code sub}). */
    public Optional<UUID> ownerId() {
        return is(Roles.OWNER) ? Ids.parse(jwt.getSubject()) : Optional.empty();
    }

    /** The dealer of a DEALER token ({@code dealerId} claim), if present and a UUID. */
    public Optional<UUID> dealerId() {
        if (!is(Roles.DEALER)) {
            return Optional.empty();
        }
        Object claim = jwt.getClaim("dealerId");
        return claim == null ? Optional.empty() : Ids.parse(claim.toString().replace("\"", ""));
    }

    /** The dealer of a DEALER token; a dealer token without a usable {@code dealerId} is refused (403). */
    public UUID requireDealerId() {
        return dealerId().orElseThrow(() -> ApiException.forbidden("A dealer token must carry a dealerId."));
    }

    /** The audit trail's "who": {@code sub}, with {@code (upn)} when they differ. */
    public String actor() {
        String name = name();
        return name.equals(subject()) ? subject() : subject() + " (" + name + ")";
    }
}
