package cn.ebike.tradein.audit;

import cn.ebike.common.security.Caller;

/** The audit trail's notion of who did something: the token's subject and its {@code upn}. */
public record Actor(String subject, String name) {

    /** the claim relay, acting on its own */
    public static final Actor SYSTEM = new Actor("tradein-service", "claim-relay");

    /** the scheduled overdue sweep of rectifications */
    public static final Actor SWEEP = new Actor("tradein-service", "overdue-sweep");

    /** the scheduled daily regrade of every dealer */
    public static final Actor REGRADE = new Actor("tradein-service", "daily-regrade");

    public static Actor of(Caller caller) {
        return new Actor(caller.subject(), caller.name());
    }
}
