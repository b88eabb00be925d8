package cn.ebike.subsidy.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 6749 §4.4 token response of the gateway. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenResponse(@JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") Long expiresIn) {
}
