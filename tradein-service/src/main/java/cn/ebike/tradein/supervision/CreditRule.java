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
 *   <li>The score never goes below 0. A ≥ 90 (NORMAL), B ≥ 75 (FOLLOW_UP), C ≥ 60 (FOCUS), D below 60
 *       (SPECIAL).</li>
 * </ul>
 * Refused fraud attempts and fraud signals are meant to count too once the suite records them; nothing
 * in tradein-service records them yet, so they are not part of the score.
 */
public final class CreditRule {

    public static final int SAMPLE_WEIGHT = 10;
    public static final int OVERDUE_PENALTY = 10;

    private CreditRule() {
    }

    /** One failed item or sample of the last 12 months with what became of its rectification. */
    public record Failure(String itemCode, String sampleDescription, boolean rectified, boolean wentOverdue) {
    }

    public record Assessment(CreditGrade grade, int score, SupervisionMeasure measure, List<String> reasons) {
    }

    public static Assessment assess(List<Failure> failures, boolean inspectedInLastYear) {
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
        score = Math.max(0, score);
        if (reasons.isEmpty()) {
            reasons.add(inspectedInLastYear ? "近12个月检查全部合格" : "近12个月尚无检查记录");
        }
        CreditGrade grade = score >= 90 ? CreditGrade.A : score >= 75 ? CreditGrade.B
                : score >= 60 ? CreditGrade.C : CreditGrade.D;
        reasons.add("信用等级" + grade.name() + "（" + score + "分），" + grade.measure().label()
                + (grade == CreditGrade.D ? "，暂停代办点授权" : ""));
        return new Assessment(grade, score, grade.measure(), List.copyOf(reasons));
    }
}
