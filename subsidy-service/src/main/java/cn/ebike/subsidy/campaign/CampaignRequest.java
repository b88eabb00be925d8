package cn.ebike.subsidy.campaign;

import cn.ebike.common.validation.SafeText;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** {@code POST /api/campaigns} body. Cross-field rules (windows, overlaps) live in {@link PhasePlan}. */
public record CampaignRequest(
        @NotBlank @Size(max = 200) @SafeText String name,
        @NotBlank @Size(max = 100) @SafeText String district,
        @NotNull Instant filedBefore,
        @NotEmpty @Size(max = 24) List<@NotNull @Valid PhaseRequest> phases) {

    public record PhaseRequest(
            @NotBlank @Size(max = 100) @SafeText String name,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            /* at most 10 million yuan per grant: keeps every budget sum far from overflow */
            @NotNull @Positive @Max(1_000_000_000L) Long amountFen,
            @NotNull @Positive @Max(10_000_000) Integer quota) {
    }
}
