package cn.ebike.common.security;

/** The roles of the suite, as carried in the JWT {@code groups} claim. */
public final class Roles {

    public static final String OWNER = "OWNER";
    public static final String DEALER = "DEALER";
    public static final String REGULATOR = "REGULATOR";
    public static final String ADMIN = "ADMIN";
    /** service-to-service only: a user token never carries it */
    public static final String SERVICE = "SERVICE";

    private Roles() {
    }
}
