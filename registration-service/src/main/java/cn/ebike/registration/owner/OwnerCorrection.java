package cn.ebike.registration.owner;

import cn.ebike.common.validation.SafeText;
import cn.ebike.common.validation.ValidMobilePhone;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code PATCH /api/owners/{id}} (REGULATOR): the corrected name and/or phone, and why. */
public record OwnerCorrection(
        @Size(max = 50) @Pattern(regexp = OwnerService.NAME_PATTERN, message = OwnerService.NAME_MESSAGE) String name,
        @ValidMobilePhone String phone,
        @NotBlank @Size(max = 500) @SafeText String reason) {

    @AssertTrue(message = "give name or phone (or both)")
    public boolean isNameOrPhone() {
        return (name != null && !name.isBlank()) || (phone != null && !phone.isBlank());
    }
}
