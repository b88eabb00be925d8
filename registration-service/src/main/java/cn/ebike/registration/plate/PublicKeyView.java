package cn.ebike.registration.plate;

import java.util.List;

/**
 * What an app needs to check a plate QR offline: the current key, and after a rotation the previous keys
 * that plates printed before it were signed with (a token is genuine when any of them verifies it).
 */
public record PublicKeyView(String algorithm, String keyId, String publicKey, String publicKeyPem, String tokenFormat,
        String signedData, String payloadFormat, String encoding, List<PreviousKey> previousKeys) {

    /** A key that signed plates before the last rotation, still accepted. */
    public record PreviousKey(String keyId, String publicKey, String publicKeyPem) {
    }
}
