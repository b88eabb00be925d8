package cn.ebike.tradein.supervision;

import java.util.ArrayList;
import java.util.List;

/**
 * The credit grading rule, in one place (documented in the service README, table-driven test in
 * {@code CreditRuleTest}). Plain Java: it sees only the facts of the last 12 months.
 *
 * <ul>
 *   <li>Start at 100 points.</li>
 *   <li>Each failed checklist item costs its {@link ChecklistItem#weight()} (no CCC certificate or a modified
 *       bike 30, outside the registered scope or trademark infringement 15, price gouging 10, prices not
 *       marked or commitment not displayed 5); once its rectification is closed, half of it (rounded up).</li>
 *   <li>Each failed sample costs 10 (5 once rectified).</li>
 *   <li>Each rectification that went overdue costs 10 more, even after it was closed later.</li>
 *   <li>Each refused fraud attempt (a recycling receipt presented again, a new bike not bought in the trade-in:
 *       {@code refused_attempts}) costs 15.</li>
 *   <li>Each trade-in completed within minutes of its opening (signal {@code FAST_COMPLETION}) costs 5, at most
 *       20 in all; being a cancellation outlier among the dealers (signal {@code CANCELLATION_OUTLIER}) costs
 *       10.</li>
 *   <li>The score never goes below 0. A ≥ 90 (NORMAL), B ≥ 75 (FOLLOW_UP), C ≥ 60 (FOCUS), D below 60
 *       (SPECIAL).</li>
 * </ul>
 * A dealer not inspected in the last 12 months is graded on what is known (its conduct), but the grade is
 * marked unverified ({@link Assessment#verified()} false, {@code "verified":false} in the views) rather than
 * passing for a clean A.
 */
public final class CreditRule {

    public static final int SAMPLE_WEIGHT = 10;
    public static final int OVERDUE_PENALTY = 10;
    public static final int REFUSED_ATTEMPT_PENALTY = 15;
    public static final int FAST_COMPLETION_PENALTY = 5;
    public static final int FAST_COMPLETION_CAP = 20;
    public static final int CANCELLATION_OUTLIER_PENALTY = 10;

    private CreditRule() {
    }

    /** One failed item or sample of the last 12 months with what became of its rectification. */
    public record Failure(String itemCode, String sampleDescription, boolean rectified, boolean wentOverdue) {
    }

    /**
     * The dealer's conduct in the trade-ins of the last 12 months: refused fraud attempts, trade-ins completed
     * within {@code fastCompletionMinutes} of opening, and whether its cancellation rate is an outlier.
     */
    public record Conduct(int refusedAttempts, int fastCompletions, int fastCompletionMinutes,
            boolean cancellationOutlier) {
        public static final Conduct CLEAN = new Conduct(0, 0, 10, false);
    }

    public record Assessment(CreditGrade grade, int score, SupervisionMeasure measure, List<String> reasons,
            boolean verified) {
    }

    public static Assessment assess(List<Failure> failures, boolean inspectedInLastYear) {
        return assess(failures, Conduct.CLEAN, inspectedInLastYear);
    }

    public static Assessment assess(List<Failure> failures, Conduct conduct, boolean inspectedInLastYear) {
        int score = 100;
        List<String> reasons = new ArrayList<>();
        for (Failure f : failures) {
            int full;
            String what;
            if (ChecklistItem.SAMPLE.equals(f.itemCode())) {
                full = SAMPLE_WEIGHT;
                what = "抽检不合格（" + f.sampleDescription() + "）";
            } else {
                ChecklistItem item = ChecklistItem.valueOf(f.itemCode());
                full = item.weight();
                what = "检查项“" + item.label() + "”不合格";
            }
            int cost = f.rectified() ? (full + 1) / 2 : full;
            score -= cost;
            reasons.add(what + (f.rectified() ? "，已整改" : "，尚未整改完成") + "，扣" + cost + "分");
            if (f.wentOverdue()) {
                score -= OVERDUE_PENALTY;
                reasons.add(what + "的整改逾期，扣" + OVERDUE_PENALTY + "分");
            }
        }
        if (conduct.refusedAttempts() > 0) {
            int cost = conduct.refusedAttempts() * REFUSED_ATTEMPT_PENALTY;
            score -= cost;
            reasons.add("近12个月有" + conduct.refusedAttempts()
                    + "次违规申报被拒绝（重复使用回收凭证或以非本次购买的车辆充作新车），扣" + cost + "分");
        }
        if (conduct.fastCompletions() > 0) {
            int cost = Math.min(FAST_COMPLETION_CAP, conduct.fastCompletions() * FAST_COMPLETION_PENALTY);
            score -= cost;
            reasons.add("近12个月有" + conduct.fastCompletions() + "笔以旧换新在开单后" + conduct.fastCompletionMinutes()
                    + "分钟内即完成，扣" + cost + "分（此项最多扣" + FAST_COMPLETION_CAP + "分）");
        }
        if (conduct.cancellationOutlier()) {
            score -= CANCELLATION_OUTLIER_PENALTY;
            reasons.add("以旧换新撤销率远高于其他经销商，扣" + CANCELLATION_OUTLIER_PENALTY + "分");
        }
        score = Math.max(0, score);
        if (!inspectedInLastYear) {
            reasons.add(0, "近12个月尚无检查记录，等级未经现场检查核实");
        } else if (reasons.isEmpty()) {
            reasons.add("近12个月检查全部合格");
        }
        CreditGrade grade = score >= 90 ? CreditGrade.A : score >= 75 ? CreditGrade.B
                : score >= 60 ? CreditGrade.C : CreditGrade.D;
        reasons.add("信用等级" + grade.name() + "（" + score + "分），" + grade.measure().label()
                + (grade == CreditGrade.D ? "，暂停代办点授权" : ""));
        return new Assessment(grade, score, grade.measure(), List.copyOf(reasons), inspectedInLastYear);
    }
}
