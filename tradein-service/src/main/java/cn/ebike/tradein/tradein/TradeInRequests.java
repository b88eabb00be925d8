package cn.ebike.tradein.tradein;

import cn.ebike.common.validation.SafeText;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** Request bodies of the trade-in endpoints. None of them carries a status: transitions are endpoints. */
public final class TradeInRequests {

    private TradeInRequests() {
    }

    public record Open(@NotNull UUID oldVehicleId, @NotNull UUID ownerId) {
    }

    public record Recycling(
            @NotBlank @Size(max = 64) @SafeText String recyclingReceiptNo,
            @NotNull @AssertTrue(message = "the battery must be returned with the old vehicle") Boolean batteryReturned) {
    }

    public record NewVehicle(@NotNull UUID newVehicleId) {
    }

    public record Cancellation(@NotBlank @Size(max = 500) @SafeText String reason) {
    }
}
