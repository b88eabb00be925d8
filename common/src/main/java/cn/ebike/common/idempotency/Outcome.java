package cn.ebike.common.idempotency;

import java.net.URI;

/** What a creating request answered: status, body (serialised as JSON) and an optional Location. */
public record Outcome(int status, Object body, URI location) {

    public static Outcome created(Object body, URI location) {
        return new Outcome(201, body, location);
    }

    public static Outcome ok(Object body) {
        return new Outcome(200, body, null);
    }
}
