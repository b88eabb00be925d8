package cn.ebike.registration.vehicle;

import cn.ebike.common.validation.SafeText;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code reference}: what the scrap belongs to (for trade-ins the trade-in id); the idempotency key of scrapping. */
public record ScrapRequest(@NotBlank @Size(max = 500) @SafeText String reason,
        @NotBlank @Size(max = 100) @SafeText String reference) {
}
