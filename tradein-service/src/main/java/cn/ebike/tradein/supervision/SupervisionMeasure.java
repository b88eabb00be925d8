package cn.ebike.tradein.supervision;

import java.time.Period;

/**
 * Supervision measures by grade and how often a shop under each is due for inspection: NORMAL yearly,
 * FOLLOW_UP (跟踪监管) quarterly, FOCUS (重点监管) monthly, SPECIAL (特别监管) every two weeks.
 */
public enum SupervisionMeasure {
    NORMAL("常规监管", Period.ofYears(1)),
    FOLLOW_UP("跟踪监管", Period.ofMonths(3)),
    FOCUS("重点监管", Period.ofMonths(1)),
    SPECIAL("特别监管", Period.ofDays(14));

    private final String label;
    private final Period inspectEvery;

    SupervisionMeasure(String label, Period inspectEvery) {
        this.label = label;
        this.inspectEvery = inspectEvery;
    }

    public String label() {
        return label;
    }

    public Period inspectEvery() {
        return inspectEvery;
    }
}
