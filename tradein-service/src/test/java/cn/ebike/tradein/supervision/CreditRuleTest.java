package cn.ebike.tradein.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.tradein.supervision.CreditRule.Conduct;
import cn.ebike.tradein.supervision.CreditRule.Failure;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The grading rule, one row per case: the facts of 12 months → score, grade, measure. */
class CreditRuleTest {

    private static Failure item(String code) {
        return new Failure(code, null, false, false);
    }

    private static Failure rectified(String code) {
        return new Failure(code, null, true, false);
    }

    private static Failure overdue(String code, boolean rectified) {
        return new Failure(code, null, rectified, true);
    }

    private static Failure sample(boolean rectified) {
        return new Failure(ChecklistItem.SAMPLE, "锂电池 48V，批次B-01", rectified, false);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // failures, score, grade, measure
                Arguments.of(List.of(), 100, "A", "NORMAL"),
                Arguments.of(List.of(item("PRICES_MARKED")), 95, "A", "NORMAL"),
                Arguments.of(List.of(item("PRICES_MARKED"), item("COMMITMENT_DISPLAYED")), 90, "A", "NORMAL"),
                Arguments.of(List.of(item("NO_PRICE_GOUGING"), item("PRICES_MARKED"), rectified("COMMITMENT_DISPLAYED")),
                        82, "B", "FOLLOW_UP"),
                Arguments.of(List.of(item("WITHIN_REGISTERED_SCOPE")), 85, "B", "FOLLOW_UP"),
                Arguments.of(List.of(sample(false), sample(false), item("PRICES_MARKED")), 75, "B", "FOLLOW_UP"),
                Arguments.of(List.of(item("CCC_CERTIFIED")), 70, "C", "FOCUS"),
                Arguments.of(List.of(item("NO_MODIFICATION")), 70, "C", "FOCUS"),
                Arguments.of(List.of(item("NO_TRADEMARK_INFRINGEMENT"), item("WITHIN_REGISTERED_SCOPE"), sample(true)),
                        65, "C", "FOCUS"),
                Arguments.of(List.of(item("CCC_CERTIFIED"), item("NO_MODIFICATION")), 40, "D", "SPECIAL"),
                // both rectified: half each (15 + 15)
                Arguments.of(List.of(rectified("CCC_CERTIFIED"), rectified("NO_MODIFICATION")), 70, "C", "FOCUS"),
                // an overdue costs 10 more, also once closed
                Arguments.of(List.of(overdue("CCC_CERTIFIED", false)), 60, "C", "FOCUS"),
                Arguments.of(List.of(overdue("CCC_CERTIFIED", false), item("PRICES_MARKED")), 55, "D", "SPECIAL"),
                Arguments.of(List.of(overdue("CCC_CERTIFIED", true)), 75, "B", "FOLLOW_UP"),
                // odd weights round the rectified half up: 15 → 8
                Arguments.of(List.of(rectified("WITHIN_REGISTERED_SCOPE")), 92, "A", "NORMAL"),
                Arguments.of(List.of(rectified("NO_TRADEMARK_INFRINGEMENT"), rectified("WITHIN_REGISTERED_SCOPE")),
                        84, "B", "FOLLOW_UP"),
                // never below 0
                Arguments.of(List.of(item("CCC_CERTIFIED"), item("NO_MODIFICATION"), item("CCC_CERTIFIED"),
                        item("NO_MODIFICATION"), overdue("WITHIN_REGISTERED_SCOPE", false)), 0, "D", "SPECIAL"),
                // the boundaries: 89 is B, 74 is C, 59 is D
                Arguments.of(List.of(item("PRICES_MARKED"), item("COMMITMENT_DISPLAYED"), rectified("PRICES_MARKED")),
                        87, "B", "FOLLOW_UP"),
                Arguments.of(List.of(item("CCC_CERTIFIED"), rectified("PRICES_MARKED")), 67, "C", "FOCUS"),
                Arguments.of(List.of(item("CCC_CERTIFIED"), item("NO_PRICE_GOUGING"), rectified("PRICES_MARKED")),
                        57, "D", "SPECIAL"));
    }

    @ParameterizedTest
    @MethodSource("table")
    void gradesByTheTable(List<Failure> failures, int score, String grade, String measure) {
        CreditRule.Assessment a = CreditRule.assess(failures, true);
        assertThat(a.score()).isEqualTo(score);
        assertThat(a.grade().name()).isEqualTo(grade);
        assertThat(a.measure().name()).isEqualTo(measure);
        // one reason per deduction (an overdue is its own), and the summary last
        long deductions = failures.size() + failures.stream().filter(Failure::wentOverdue).count();
        assertThat(a.reasons()).hasSize((int) Math.max(1, deductions) + 1);
        assertThat(a.reasons().get(a.reasons().size() - 1)).startsWith("信用等级" + grade);
    }

    @ParameterizedTest
    @MethodSource("table")
    void reasonsAreWords(List<Failure> failures, int score, String grade, String measure) {
        List<String> reasons = CreditRule.assess(failures, true).reasons();
        assertThat(reasons).allSatisfy(r -> assertThat(r).doesNotContain("_").containsPattern("[\\u4e00-\\u9fff]"));
    }

    @org.junit.jupiter.api.Test
    void reasonsNameTheItemTheSampleAndTheSuspension() {
        CreditRule.Assessment a = CreditRule.assess(List.of(item("CCC_CERTIFIED"), overdue("NO_MODIFICATION", false),
                sample(false)), true);
        assertThat(a.reasons()).contains("检查项“销售的车辆均有3C认证”不合格，尚未整改完成，扣30分",
                "检查项“无改装、拼装车辆”不合格的整改逾期，扣10分",
                "抽检不合格（锂电池 48V，批次B-01），尚未整改完成，扣10分",
                "信用等级D（20分），特别监管，暂停代办点授权");
    }

    @org.junit.jupiter.api.Test
    void aShopWithoutInspectionsSaysSo() {
        CreditRule.Assessment never = CreditRule.assess(List.of(), false);
        assertThat(never.reasons()).containsExactly("近12个月尚无检查记录，等级未经现场检查核实",
                "信用等级A（100分），常规监管");
        assertThat(never.verified()).isFalse();
        CreditRule.Assessment inspected = CreditRule.assess(List.of(), true);
        assertThat(inspected.reasons().get(0)).isEqualTo("近12个月检查全部合格");
        assertThat(inspected.verified()).isTrue();
        // conduct counts for a shop nobody inspected as well: unverified, and not a clean A
        CreditRule.Assessment refused = CreditRule.assess(List.of(), new Conduct(2, 0, 10, false), false);
        assertThat(refused.verified()).isFalse();
        assertThat(refused.score()).isEqualTo(70);
        assertThat(refused.reasons()).first().isEqualTo("近12个月尚无检查记录，等级未经现场检查核实");
    }

    /** Refused fraud attempts and fraud signals: one row per case (with or without failed items). */
    static Stream<Arguments> conductTable() {
        return Stream.of(
                // failures, refused attempts, fast completions, cancellation outlier, score, grade, reasons
                Arguments.of(List.of(), 1, 0, false, 85, "B", 1),
                Arguments.of(List.of(), 2, 0, false, 70, "C", 1),
                Arguments.of(List.of(), 3, 0, false, 55, "D", 1),
                Arguments.of(List.of(), 0, 1, false, 95, "A", 1),
                Arguments.of(List.of(), 0, 2, false, 90, "A", 1),
                Arguments.of(List.of(), 0, 3, false, 85, "B", 1),
                // fast completions cost at most 20
                Arguments.of(List.of(), 0, 4, false, 80, "B", 1),
                Arguments.of(List.of(), 0, 40, false, 80, "B", 1),
                Arguments.of(List.of(), 0, 0, true, 90, "A", 1),
                Arguments.of(List.of(), 1, 4, true, 55, "D", 3),
                Arguments.of(List.of(item("PRICES_MARKED")), 1, 0, false, 80, "B", 2),
                Arguments.of(List.of(item("CCC_CERTIFIED")), 0, 1, true, 55, "D", 3),
                Arguments.of(List.of(item("CCC_CERTIFIED"), item("NO_MODIFICATION")), 5, 10, true, 0, "D", 5));
    }

    @ParameterizedTest
    @MethodSource("conductTable")
    void conductCountsByTheTable(List<Failure> failures, int refused, int fast, boolean outlier, int score,
            String grade, int deductions) {
        CreditRule.Assessment a = CreditRule.assess(failures, new Conduct(refused, fast, 10, outlier), true);
        assertThat(a.score()).isEqualTo(score);
        assertThat(a.grade().name()).isEqualTo(grade);
        assertThat(a.verified()).isTrue();
        assertThat(a.reasons()).hasSize(deductions + 1);
        assertThat(a.reasons()).allSatisfy(r -> assertThat(r).doesNotContain("_").containsPattern("[\\u4e00-\\u9fff]"));
    }

    @org.junit.jupiter.api.Test
    void conductReasonsSayWhatHappenedInWords() {
        CreditRule.Assessment a = CreditRule.assess(List.of(), new Conduct(2, 6, 10, true), true);
        assertThat(a.reasons()).containsExactly(
                "近12个月有2次违规申报被拒绝（重复使用回收凭证或以非本次购买的车辆充作新车），扣30分",
                "近12个月有6笔以旧换新在开单后10分钟内即完成，扣20分（此项最多扣20分）",
                "以旧换新撤销率远高于其他经销商，扣10分",
                "信用等级D（40分），特别监管，暂停代办点授权");
    }
}
