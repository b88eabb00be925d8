package cn.ebike.tradein.dealer;

import cn.ebike.common.validation.SafeText;

import cn.ebike.common.validation.ValidMobilePhone;
import cn.ebike.common.validation.ValidUscc;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the dealer endpoints. */
public final class DealerRequests {

    private DealerRequests() {
    }

    public record CreateDealer(
            @NotBlank @Size(max = 200) @SafeText String name,
            @NotBlank @ValidUscc String uscc,
            @NotBlank @Size(max = 500) @SafeText String address,
            @NotBlank @Size(max = 100) @SafeText String district,
            @NotBlank @ValidMobilePhone String contactPhone) {
    }

    public record Authorization(@NotNull Boolean authorized) {
    }
}
