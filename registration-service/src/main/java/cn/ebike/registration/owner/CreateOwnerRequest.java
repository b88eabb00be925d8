package cn.ebike.registration.owner;

import cn.ebike.common.validation.ValidIdNumber;
import cn.ebike.common.validation.ValidMobilePhone;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateOwnerRequest(
        @NotBlank @Size(max = 50) @Pattern(regexp = OwnerService.NAME_PATTERN, message = OwnerService.NAME_MESSAGE)
        String name,
        @NotBlank @ValidIdNumber String idNumber,
        @NotBlank @ValidMobilePhone String phone) {
}
