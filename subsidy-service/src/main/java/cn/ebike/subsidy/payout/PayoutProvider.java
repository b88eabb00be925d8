package cn.ebike.subsidy.payout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An e-CNY payout operator. Implementations talk to the operator's API; the suite ships
 * {@link SandboxPayoutProvider}. A real adapter must keep the contract below, which is what makes
 * "never pay twice" hold: the operator is idempotent on the key.
 */
public interface PayoutProvider {

    /** What to pay: the idempotency key is the grant (subsidy) id; the reference is its campaign id. */
    record PaymentRequest(String idempotencyKey, String walletId, long amountFen, String reference) {
    }

    /** A payment as the operator records it. */
    record ProviderPayment(String paymentId, String idempotencyKey, long amountFen, String walletMasked,
            String reference, Instant paidAt) {
    }

    /** The operator said no: nothing was paid for this call. */
    class Declined extends RuntimeException {
        public Declined(String message) {
            super(message);
        }
    }

    /** No answer (timeout, connection lost): the payment may or may not have been made. */
    class OutcomeUnknown extends RuntimeException {
        public OutcomeUnknown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    String name();

    /**
     * Pays once per idempotency key: a repeated key returns the first payment and never pays again.
     *
     * @throws Declined definitely not paid by this call
     * @throws OutcomeUnknown the outcome is not known; ask {@link #findByKey} before trying again
     */
    ProviderPayment pay(PaymentRequest request);

    /**
     * The payment made under this key, if any.
     *
     * @throws OutcomeUnknown the operator could not be asked
     */
    Optional<ProviderPayment> findByKey(String idempotencyKey);

    /** The operator's statement: every payment made in [from, to), for reconciliation. */
    List<ProviderPayment> statement(Instant from, Instant to);

    /**
     * The same statement handed over payment by payment, so that a long one need not be one list in memory; an
     * adapter whose operator pages its statement should override this (the sandbox reads it in chunks).
     */
    default void statement(Instant from, Instant to, java.util.function.Consumer<ProviderPayment> each) {
        statement(from, to).forEach(each);
    }
}
