package cn.ebike.registration.common;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified JWT: {@code sub}, roles, and the {@code dealerId} of dealer staff.
 * Services use it for object-level checks (is this the caller's vehicle?).
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    public String subject() {
        String sub = jwt.getSubject();
        return sub != null ? sub : identity.getPrincipal().getName();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    /** The role written into audit rows (the most privileged one the caller holds). */
    public String role() {
        for (String role : new String[] {Roles.REGULATOR, Roles.SERVICE, Roles.ADMIN, Roles.DEALER, Roles.OWNER}) {
            if (identity.hasRole(role)) {
                return role;
            }
        }
        return null;
    }

    /** The owner id of an OWNER token ({@code sub}), if it is a UUID. */
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

    /** REGULATOR and SERVICE see every vehicle and owner. */
    public boolean seesEverything() {
        return is(Roles.REGULATOR) || is(Roles.SERVICE);
    }
}
