package cn.ebike.systemtests.harness;

import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checks a plate QR the way an inspector's app does offline: with nothing but the public key from
 * {@code GET /api/plates/public-key}. Token: {@code EB1.<base64url(plate|registrationCode|yyyyMMdd)>.<base64url(Ed25519 signature)>},
 * the signature covering {@code EB1.<payload segment>}.
 */
public final class PlateQr {

    public record Content(String plateNumber, String registrationCode, String issueDate) {
    }

    private PlateQr() {
    }

    public static Content verifyOffline(String token, JsonPath publicKeyDocument) {
        if (!verifiesOffline(token, publicKeyDocument)) {
            throw new AssertionError("plate QR does not verify offline: " + token);
        }
        String[] parts = token.split("\\.");
        String[] fields = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).split("\\|");
        return new Content(fields[0], fields[1], fields[2]);
    }

    public static boolean verifiesOffline(String token, JsonPath publicKeyDocument) {
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !"EB1".equals(parts[0])) {
            return false;
        }
        try {
            String algorithm = publicKeyDocument.getString("algorithm");
            PublicKey key = KeyFactory.getInstance(algorithm)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyDocument.getString("publicKey"))));
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(key);
            v.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return v.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (Exception e) {
            return false;
        }
    }

    /** The same token with its plate number changed: the signature no longer matches. */
    public static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("^[^|]+", "浙A000000");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }
}
