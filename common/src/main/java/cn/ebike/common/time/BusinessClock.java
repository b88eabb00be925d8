package cn.ebike.common.time;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time the business facts the regulators' figures count are stamped with: a trade-in opened, recycled,
 * completed or cancelled, a plate issued, a subsidy granted, a payout made or failed. In production it is the
 * system clock. With {@code EBIKE_TEST_CLOCK=true} a test moves it ({@link TestClockResource}, SERVICE token) so
 * that a known world can span several days; the clock keeps running from the instant it was set to. Values are
 * at PostgreSQL's precision (microseconds), so an answer shows the same instant a later read does.
 */
@ApplicationScoped
public class BusinessClock {

    private final Clock system;
    private volatile Duration offset = Duration.ZERO;

    public BusinessClock() {
        this(Clock.systemUTC());
    }

    /** A clock over another base clock (tests). */
    public BusinessClock(Clock system) {
        this.system = system;
    }

    public Instant now() {
        return system.instant().plus(offset).truncatedTo(ChronoUnit.MICROS);
    }

    /** From now on the clock reads {@code at}, and runs on from there. */
    public void set(Instant at) {
        offset = Duration.between(system.instant(), at);
    }

    /** Back to the system clock. */
    public void reset() {
        offset = Duration.ZERO;
    }

    /** How far the clock is from the system clock (zero in production). */
    public Duration offset() {
        return offset;
    }
}
