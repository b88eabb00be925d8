package cn.ebike.subsidy.common;

import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling, taken from the verified JWT. */
public record Caller(String subject, String name, boolean regulator, boolean owner) {

    public static Caller of(JsonWebToken jwt) {
        String sub = jwt.getSubject();
        String upn = jwt.getClaim("upn");
        return new Caller(sub, upn != null ? upn : sub,
                jwt.getGroups().contains(Roles.REGULATOR), jwt.getGroups().contains(Roles.OWNER));
    }

    /** The actor recorded in audit rows: "sub (upn)" when they differ. */
    public String actor() {
        return name == null || name.equals(subject) ? subject : subject + " (" + name + ")";
    }

    /** An owner's id is the token subject; a subject that is not a UUID owns nothing here. */
    public UUID ownerId() {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
