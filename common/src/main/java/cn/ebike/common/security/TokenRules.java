package cn.ebike.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;

/**
 * The suite's structural rules for an access token, the same in every service (issue 12, defence in depth):
 * {@code exp - iat} at most 15 minutes, {@code sub} present, {@code iat} not more than 30 seconds in the future,
 * {@code kid} one of the keys the service knows, {@code groups} an array. The signature, {@code iss}, {@code aud}
 * and expiry are checked by SmallRye JWT as before; these rules only refuse more. Plain Java: usable by a
 * filter ({@link StrictTokenFilter}) and by unit tests.
 */
public final class TokenRules {

    public static final long MAX_LIFETIME_SECONDS = 15 * 60;
    public static final long MAX_FUTURE_SKEW_SECONDS = 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenRules() {
    }

    /** Why the compact JWT breaks a rule, or {@code null} when it keeps them all (signature not checked here). */
    public static String problem(String compact, Set<String> knownKids, long nowSeconds) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            return "not a signed JWT";
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return "unreadable token";
        }
        if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
            return "unreadable token";
        }
        JsonNode kid = header.get("kid");
        if (kid == null || !kid.isTextual() || !knownKids.contains(kid.asText())) {
            return "unknown kid";
        }
        JsonNode sub = claims.get("sub");
        if (sub == null || !sub.isTextual() || sub.asText().isBlank()) {
            return "sub is required";
        }
        JsonNode groups = claims.get("groups");
        if (groups == null || !groups.isArray()) {
            return "groups must be an array";
        }
        for (JsonNode g : groups) {
            if (!g.isTextual()) {
                return "groups must be an array of strings";
            }
        }
        JsonNode iat = claims.get("iat");
        JsonNode exp = claims.get("exp");
        if (iat == null || !iat.isIntegralNumber() || exp == null || !exp.isIntegralNumber()) {
            return "iat and exp are required";
        }
        if (iat.asLong() > nowSeconds + MAX_FUTURE_SKEW_SECONDS) {
            return "issued in the future";
        }
        if (exp.asLong() - iat.asLong() > MAX_LIFETIME_SECONDS) {
            return "lives longer than 15 minutes";
        }
        return null;
    }

    /** RFC 7638 thumbprint of an RSA key: the {@code kid} the gateway gives its tokens. */
    public static String thumbprint(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + b64url(key.getPublicExponent().toByteArray()) + "\",\"kty\":\"RSA\",\"n\":\""
                + b64url(key.getModulus().toByteArray()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unsigned big-endian bytes of a key's number, base64url without padding (RFC 7518 §6.3.1; JWKS and thumbprints). */
    public static String b64url(byte[] twosComplement) {
        byte[] bytes = twosComplement;
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
