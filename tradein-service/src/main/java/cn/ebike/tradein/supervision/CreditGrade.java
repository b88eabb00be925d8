package cn.ebike.tradein.supervision;

/** 信用分级 A–D, each with its supervision measure (跟踪 / 重点 / 特别监管). */
public enum CreditGrade {
    A(SupervisionMeasure.NORMAL), B(SupervisionMeasure.FOLLOW_UP), C(SupervisionMeasure.FOCUS),
    D(SupervisionMeasure.SPECIAL);

    private final SupervisionMeasure measure;

    CreditGrade(SupervisionMeasure measure) {
        this.measure = measure;
    }

    public SupervisionMeasure measure() {
        return measure;
    }
}
