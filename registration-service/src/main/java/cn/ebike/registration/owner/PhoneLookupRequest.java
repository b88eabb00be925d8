package cn.ebike.registration.owner;

import cn.ebike.common.validation.ValidMobilePhone;
import jakarta.validation.constraints.NotBlank;

public record PhoneLookupRequest(@NotBlank @ValidMobilePhone String phone) {
}
