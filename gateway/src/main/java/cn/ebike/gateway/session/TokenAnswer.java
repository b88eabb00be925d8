package cn.ebike.gateway.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * What a sign-in or a refresh answers. {@code refreshToken} is in the body only for {@code "client":"native"}
 * callers; browsers get it in the HttpOnly cookie instead and never see it in script.
 */
public record TokenAnswer(String accessToken, String tokenType, long expiresIn, List<String> roles, UUID dealerId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String refreshToken) {

    public TokenAnswer withRefreshToken(String token) {
        return new TokenAnswer(accessToken, tokenType, expiresIn, roles, dealerId, token);
    }
}
