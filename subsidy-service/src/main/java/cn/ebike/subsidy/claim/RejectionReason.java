package cn.ebike.subsidy.claim;

/** Why a claim was rejected (API.md's codes). */
public enum RejectionReason {
    NO_ACTIVE_PHASE,
    QUOTA_EXHAUSTED,
    OWNER_ALREADY_GRANTED,
    VEHICLE_ALREADY_GRANTED,
    VEHICLE_NOT_ELIGIBLE,
    DEALER_NOT_AUTHORIZED,
    TRADE_IN_NOT_COMPLETED
}
