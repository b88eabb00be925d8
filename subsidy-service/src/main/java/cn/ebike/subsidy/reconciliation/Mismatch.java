package cn.ebike.subsidy.reconciliation;

/** What reconciliation flags. */
public enum Mismatch {
    /** PAID here, no payment at the provider. */
    PAID_NOT_AT_PROVIDER,
    /** The provider paid, but the grant is not PAID here (still paying, failed, or never started). */
    PROVIDER_PAID_NOT_RECORDED,
    /** More than one payment at the provider for one grant. */
    PAID_TWICE_AT_PROVIDER,
    /** The provider's amount differs from the grant's. */
    AMOUNT_MISMATCH,
    /** A payment at the provider that belongs to no grant of this campaign. */
    PROVIDER_PAYMENT_FOR_UNKNOWN_GRANT
}
