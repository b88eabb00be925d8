package cn.ebike.registration.owner;

import cn.ebike.registration.identifier.ValidMobilePhone;
import jakarta.validation.constraints.NotBlank;

public record PhoneLookupRequest(@NotBlank @ValidMobilePhone String phone) {
}
