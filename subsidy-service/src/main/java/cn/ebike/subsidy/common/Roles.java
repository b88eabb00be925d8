package cn.ebike.subsidy.common;

/** The roles carried in the JWT {@code groups} claim. */
public final class Roles {

    public static final String OWNER = "OWNER";
    public static final String DEALER = "DEALER";
    public static final String REGULATOR = "REGULATOR";
    public static final String ADMIN = "ADMIN";
    public static final String SERVICE = "SERVICE";

    private Roles() {
    }
}
