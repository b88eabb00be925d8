package cn.ebike.registration.plate;

/** What an app needs to check a plate QR offline. */
public record PublicKeyView(String algorithm, String keyId, String publicKey, String publicKeyPem, String tokenFormat,
        String signedData, String payloadFormat, String encoding) {
}
