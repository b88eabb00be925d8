package cn.ebike.gateway.session;

import cn.ebike.gateway.token.SigningKeys;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Refresh tokens: {@code <session id>.<32 random bytes, base64url>}. The session id finds the row; only the
 * SHA-256 of the secret part is stored (a high-entropy secret needs no slow hash). For the short grace window
 * after a rotation the live token is also kept sealed (AES-256-GCM, key derived from the signing key, so every
 * replica can open it and the database alone cannot).
 */
@Singleton
public class RefreshTokens {

    public record Parsed(UUID sessionId, byte[] secretHash) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec sealKey;

    public RefreshTokens(SigningKeys keys) {
        this.sealKey = new SecretKeySpec(sha256(concat("ebike-gateway/refresh-seal/v1".getBytes(StandardCharsets.UTF_8),
                keys.privateKey().getEncoded())), "AES");
    }

    public String newToken(UUID sessionId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return sessionId + "." + B64.encodeToString(secret);
    }

    public Optional<Parsed> parse(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(token.substring(0, dot));
            String secret = token.substring(dot + 1);
            if (Base64.getUrlDecoder().decode(secret).length != 32) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(id, hashOfSecret(secret)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public byte[] hash(String token) {
        return hashOfSecret(token.substring(token.indexOf('.') + 1));
    }

    private static byte[] hashOfSecret(String secret) {
        return sha256(secret.getBytes(StandardCharsets.US_ASCII));
    }

    public byte[] seal(UUID sessionId, String token) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, iv));
            c.updateAAD(sessionId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] ct = c.doFinal(token.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String unseal(UUID sessionId, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, sealed, 0, 12));
            c.updateAAD(sessionId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(c.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed refresh token cannot be opened (another signing key?)", e);
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
