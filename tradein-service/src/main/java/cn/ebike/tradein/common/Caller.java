package cn.ebike.tradein.common;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, read from the verified JWT: subject, roles, and the dealer of dealer staff. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken jwt;

    public String subject() {
        String sub = jwt.getSubject();
        return sub == null ? "unknown" : sub;
    }

    /** {@code upn} (username or client id), for the audit trail next to {@link #subject()}. */
    public String name() {
        String upn = jwt.getClaim("upn");
        return upn == null ? jwt.getName() : upn;
    }

    public boolean is(String role) {
        return jwt.getGroups() != null && jwt.getGroups().contains(role);
    }

    /** The dealer a DEALER token belongs to; a dealer token without a usable {@code dealerId} is refused. */
    public UUID dealerId() {
        Object claim = jwt.getClaim("dealerId");
        if (claim == null) {
            throw ApiException.forbidden("a dealer token must carry the dealerId claim");
        }
        try {
            return UUID.fromString(String.valueOf(claim).replace("\"", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.forbidden("the token's dealerId claim is not a UUID");
        }
    }

    /** Owner tokens carry the owner's registration id as {@code sub}. */
    public Optional<UUID> ownerId() {
        try {
            return Optional.of(UUID.fromString(subject()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Actor actor() {
        return new Actor(subject(), name());
    }

    /** The audit trail's notion of who did something. */
    public record Actor(String subject, String name) {
        public static final Actor SYSTEM = new Actor("tradein-service", "claim-relay");
    }
}
