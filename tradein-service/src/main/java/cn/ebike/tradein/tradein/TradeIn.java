package cn.ebike.tradein.tradein;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One early trade-in: an old filed non-standard bike recycled, a new compliant bike registered to the same
 * owner. The status has no setter: it moves only through {@link TradeInStatus}'s transitions, called by the
 * methods below, which also check each step's own preconditions. Times are passed in by the service (server
 * time), never taken from a request.
 */
@Entity
@Table(name = "trade_ins")
public class TradeIn {

    @Id
    private UUID id;

    @Column(name = "dealer_id", nullable = false)
    private UUID dealerId;

    @Column(name = "owner_id", nullable = false)
    private UUID ownerId;

    @Column(name = "old_vehicle_id", nullable = false)
    private UUID oldVehicleId;

    @Column(name = "new_vehicle_id")
    private UUID newVehicleId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TradeInStatus status;

    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;

    @Column(name = "recycled_at")
    private Instant recycledAt;

    @Column(name = "recycling_receipt_no")
    private String recyclingReceiptNo;

    /** {@link #receiptKey} of the receipt number: unique over all trade-ins (trade_ins_receipt_once). */
    @Column(name = "recycling_receipt_key")
    private String recyclingReceiptKey;

    @Column(name = "battery_returned")
    private Boolean batteryReturned;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Column(name = "cancellation_reason")
    private String cancellationReason;

    @Version
    private long version;

    protected TradeIn() {
    }

    public static TradeIn open(UUID dealerId, UUID ownerId, UUID oldVehicleId, Instant now) {
        TradeIn t = new TradeIn();
        t.id = UUID.randomUUID();
        t.dealerId = Objects.requireNonNull(dealerId);
        t.ownerId = Objects.requireNonNull(ownerId);
        t.oldVehicleId = Objects.requireNonNull(oldVehicleId);
        t.status = TradeInStatus.OPEN;
        t.openedAt = Objects.requireNonNull(now);
        return t;
    }

    /** Refuses (409) when recycling cannot be recorded now; lets the service check before calling registration. */
    public void checkCanRecordRecycling() {
        status.recordStep("record recycling for");
        if (recycledAt != null) {
            throw new IllegalTransitionException(status, "record recycling for",
                    "recycling is already recorded for this trade-in");
        }
    }

    public void recordRecycling(String receiptNo, boolean batteryReturned, Instant now) {
        checkCanRecordRecycling();
        if (!batteryReturned) {
            // the request is validated first (400); this guards every other caller
            throw new IllegalArgumentException("the battery must be returned with the old vehicle");
        }
        this.recyclingReceiptNo = Objects.requireNonNull(receiptNo);
        this.recyclingReceiptKey = receiptKey(receiptNo);
        this.batteryReturned = true;
        this.recycledAt = Objects.requireNonNull(now);
    }

    /**
     * The form in which two receipt numbers are "the same receipt": Unicode NFKC (full-width letters and
     * digits become ASCII), trimmed, upper-cased. API.md promises at least trimmed and upper-cased.
     */
    public static String receiptKey(String receiptNo) {
        return java.text.Normalizer.normalize(receiptNo, java.text.Normalizer.Form.NFKC).strip()
                .toUpperCase(java.util.Locale.ROOT);
    }

    public void checkCanRecordNewVehicle() {
        status.recordStep("record the new vehicle for");
        if (newVehicleId != null) {
            throw new IllegalTransitionException(status, "record the new vehicle for",
                    "the new vehicle is already recorded for this trade-in");
        }
    }

    public void recordNewVehicle(UUID vehicleId) {
        checkCanRecordNewVehicle();
        if (Objects.requireNonNull(vehicleId).equals(oldVehicleId)) {
            throw new IllegalArgumentException("the new vehicle cannot be the old one");
        }
        this.newVehicleId = vehicleId;
    }

    public void complete(Instant now) {
        TradeInStatus next = status.complete();
        if (recycledAt == null || newVehicleId == null) {
            String missing = recycledAt == null && newVehicleId == null ? "the recycling and the new vehicle"
                    : recycledAt == null ? "the recycling" : "the new vehicle";
            throw new IllegalTransitionException(status, "complete",
                    "cannot complete the trade-in before " + missing + " is recorded");
        }
        this.status = next;
        this.completedAt = Objects.requireNonNull(now);
    }

    public void cancel(String reason, Instant now) {
        TradeInStatus next = status.cancel();
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a cancellation needs a reason");
        }
        this.status = next;
        this.cancellationReason = reason;
        this.cancelledAt = Objects.requireNonNull(now);
    }

    public UUID id() {
        return id;
    }

    public UUID dealerId() {
        return dealerId;
    }

    public UUID ownerId() {
        return ownerId;
    }

    public UUID oldVehicleId() {
        return oldVehicleId;
    }

    public UUID newVehicleId() {
        return newVehicleId;
    }

    public TradeInStatus status() {
        return status;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant recycledAt() {
        return recycledAt;
    }

    public String recyclingReceiptNo() {
        return recyclingReceiptNo;
    }

    public Boolean batteryReturned() {
        return batteryReturned;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public String cancellationReason() {
        return cancellationReason;
    }
}
