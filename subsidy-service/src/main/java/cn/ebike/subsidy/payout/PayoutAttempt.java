package cn.ebike.subsidy.payout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One call to the payout provider for a grant: a payment (PAY) or a look-up by idempotency key (QUERY). */
@Entity
@Table(name = "payout_attempt")
public class PayoutAttempt {

    public enum Kind { PAY, QUERY }

    public enum Outcome { PENDING, SUCCEEDED, FAILED, UNKNOWN, NOT_FOUND }

    @Id
    public UUID id;

    @Column(name = "subsidy_id", nullable = false)
    public UUID subsidyId;

    @Column(name = "attempt_no", nullable = false)
    public int attemptNo;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(name = "amount_fen", nullable = false)
    public long amountFen;

    @Column(name = "wallet_masked")
    public String walletMasked;

    @Column(name = "provider_payment_id")
    public String providerPaymentId;

    public String error;
}
