package cn.ebike.registration.vehicle;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code reference}: what the scrap belongs to (for trade-ins the trade-in id); the idempotency key of scrapping. */
public record ScrapRequest(@NotBlank @Size(max = 500) String reason, @NotBlank @Size(max = 100) String reference) {
}
