package cn.ebike.tradein.supervision;

import cn.ebike.common.problem.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * 整改 / 复查: one per failed checklist item or sample. The status moves only through the methods below
 * (one per transition, 409 {@code illegal-transition} otherwise); the overdue sweep is one SQL statement
 * ({@link RectificationRepository#markOverdue()}) with the same rule, OPEN past its due time.
 */
@Entity
@Table(name = "rectifications")
public class Rectification {

    public static final Duration DUE_AFTER = Duration.ofDays(15);

    @Id
    private UUID id;

    @Column(name = "dealer_id", nullable = false)
    private UUID dealerId;

    @Column(name = "inspection_id", nullable = false)
    private UUID inspectionId;

    @Column(name = "item_code", nullable = false)
    private String itemCode;

    @Column(name = "sample_position")
    private Integer samplePosition;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RectificationStatus status;

    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;

    @Column(name = "due_at", nullable = false)
    private Instant dueAt;

    @Column(name = "submitted_at")
    private Instant submittedAt;

    @Column(name = "submission_note")
    private String submissionNote;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "review_note")
    private String reviewNote;

    @Column(name = "overdue_at")
    private Instant overdueAt;

    @Version
    private long version;

    protected Rectification() {
    }

    private Rectification(UUID dealerId, UUID inspectionId, String itemCode, Integer samplePosition, Instant now) {
        this.id = UUID.randomUUID();
        this.dealerId = dealerId;
        this.inspectionId = inspectionId;
        this.itemCode = itemCode;
        this.samplePosition = samplePosition;
        this.status = RectificationStatus.OPEN;
        this.openedAt = now;
        this.dueAt = now.plus(DUE_AFTER);
    }

    public static Rectification forItem(UUID dealerId, UUID inspectionId, ChecklistItem item, Instant now) {
        return new Rectification(dealerId, inspectionId, item.name(), null, now);
    }

    public static Rectification forSample(UUID dealerId, UUID inspectionId, int position, Instant now) {
        return new Rectification(dealerId, inspectionId, ChecklistItem.SAMPLE, position, now);
    }

    /** The dealer reports what it did: OPEN or OVERDUE → SUBMITTED. */
    public RectificationStatus submit(String note, Instant now) {
        RectificationStatus from = status;
        if (status != RectificationStatus.OPEN && status != RectificationStatus.OVERDUE) {
            throw illegal("submit");
        }
        status = RectificationStatus.SUBMITTED;
        submittedAt = now;
        submissionNote = note;
        return from;
    }

    /** The regulator's review: SUBMITTED → CLOSED (accepted) or back to OPEN (returned). */
    public RectificationStatus review(boolean accepted, String note, Instant now) {
        RectificationStatus from = status;
        if (status != RectificationStatus.SUBMITTED) {
            throw illegal("review");
        }
        reviewNote = note;
        if (accepted) {
            status = RectificationStatus.CLOSED;
            closedAt = now;
        } else {
            // back to OPEN; if the deadline has passed meanwhile, the next sweep marks it OVERDUE
            status = RectificationStatus.OPEN;
        }
        return from;
    }

    private ApiException illegal(String action) {
        return ApiException.conflict("illegal-transition", "cannot " + action + " a rectification that is " + status);
    }

    public UUID id() {
        return id;
    }

    public UUID dealerId() {
        return dealerId;
    }

    public UUID inspectionId() {
        return inspectionId;
    }

    public String itemCode() {
        return itemCode;
    }

    public Integer samplePosition() {
        return samplePosition;
    }

    public RectificationStatus status() {
        return status;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant dueAt() {
        return dueAt;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public String submissionNote() {
        return submissionNote;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public String reviewNote() {
        return reviewNote;
    }

    public Instant overdueAt() {
        return overdueAt;
    }
}
