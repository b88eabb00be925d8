package cn.ebike.tradein.supervision;

import cn.ebike.common.validation.SafeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request bodies of the supervision endpoints. */
public final class SupervisionRequests {

    private SupervisionRequests() {
    }

    public record RecordInspection(
            @NotNull Instant inspectedAt,
            @NotBlank @Size(max = 100) @SafeText String inspector,
            @NotNull @Size(max = 50) List<@Valid @NotNull ItemResult> items,
            @Size(max = 200) List<@Valid @NotNull SampleResult> samples) {
    }

    /** {@code code} is checked against the checklist by the service, so every unknown one is listed. */
    public record ItemResult(
            @NotBlank @Size(max = 40) String code,
            @NotNull Boolean passed,
            @Size(max = 500) @SafeText(multiline = true) String note) {
    }

    public record SampleResult(
            @NotBlank @Size(max = 200) @SafeText String product,
            @NotBlank @Size(max = 100) @SafeText String batch,
            @NotNull Boolean passed) {
    }

    public record Submission(@NotBlank @Size(max = 1000) @SafeText(multiline = true) String note) {
    }

    public record Review(@NotNull Boolean accepted, @Size(max = 1000) @SafeText(multiline = true) String note) {
    }
}
