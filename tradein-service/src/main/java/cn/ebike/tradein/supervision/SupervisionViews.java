package cn.ebike.tradein.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the supervision endpoints answer. */
public final class SupervisionViews {

    private SupervisionViews() {
    }

    public record InspectionView(UUID id, UUID dealerId, Instant inspectedAt, String inspector, String recordedBy,
            Instant createdAt, List<ItemView> items, List<SampleView> samples, List<UUID> rectificationIds) {
    }

    public record ItemView(String code, String label, boolean passed, String note) {
    }

    public record SampleView(String product, String batch, boolean passed) {
    }

    /** API.md: {@code id, itemCode, status, dueAt, submittedAt, closedAt}; the rest is extra. */
    public record RectificationView(UUID id, String itemCode, String status, Instant dueAt, Instant submittedAt,
            Instant closedAt, UUID dealerId, UUID inspectionId, String itemLabel, SampleView sample, Instant openedAt,
            Instant overdueAt, String submissionNote, String reviewNote) {
    }

    public record CreditView(String grade, int score, String measure, String measureLabel, List<String> reasons,
            Instant gradedAt, boolean authorizationSuspended, boolean verified) {
    }

    /** 品质信用码: nothing personal (no USCC, no address, no contact phone, no inspector). */
    public record PublicCard(UUID id, String name, String district, String grade, String measure, String measureLabel,
            List<String> reasons, boolean authorizedAgent, Instant lastInspectedAt, String publicUrl, boolean verified) {
    }

    public record DueForInspection(UUID dealerId, String name, String district, String grade, String measure,
            Instant lastInspectedAt, Instant dueAt) {
    }
}
