package cn.ebike.tradein.common;

/** The {@code groups} values of the suite's tokens. */
public final class Roles {

    public static final String OWNER = "OWNER";
    public static final String DEALER = "DEALER";
    public static final String REGULATOR = "REGULATOR";
    public static final String ADMIN = "ADMIN";
    public static final String SERVICE = "SERVICE";

    private Roles() {
    }
}
