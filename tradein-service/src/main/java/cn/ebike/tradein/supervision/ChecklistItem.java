package cn.ebike.tradein.supervision;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fixed checklist of 一店一查, each item with its name in words and its weight in the credit grade
 * ({@link CreditRule}): selling bikes without CCC certification and modifying or assembling bikes endanger
 * riders and weigh most; price marking and the displayed commitment letter least.
 */
public enum ChecklistItem {
    CCC_CERTIFIED("销售的车辆均有3C认证", 30),
    WITHIN_REGISTERED_SCOPE("未超出登记经营范围", 15),
    NO_MODIFICATION("无改装、拼装车辆", 30),
    NO_TRADEMARK_INFRINGEMENT("无商标侵权", 15),
    PRICES_MARKED("明码标价", 5),
    NO_PRICE_GOUGING("无哄抬价格", 10),
    COMMITMENT_DISPLAYED("公示经营承诺书", 5);

    /** The {@code itemCode} of a rectification opened by a failed sample. */
    public static final String SAMPLE = "SAMPLE";

    private final String label;
    private final int weight;

    ChecklistItem(String label, int weight) {
        this.label = label;
        this.weight = weight;
    }

    public String label() {
        return label;
    }

    public int weight() {
        return weight;
    }

    public static Optional<ChecklistItem> parse(String code) {
        return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
    }
}
