package cn.ebike.registration.plate;

import cn.ebike.registration.RegistrationConfig;
import cn.ebike.registration.common.KeyFiles;
import cn.ebike.registration.identifier.Identifiers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs and checks plate QR tokens with Ed25519 (JDK built-in):
 *
 * <pre>EB1.&lt;base64url(plateNumber|registrationCode|yyyyMMdd)&gt;.&lt;base64url(signature)&gt;</pre>
 *
 * The signature covers the ASCII text {@code EB1.<payload segment>} (version and payload together);
 * base64url without padding; the date is the issue date in China Standard Time. Ed25519 signatures are
 * deterministic (RFC 8032), so the same plate always yields the same token and it need not be stored.
 */
@Singleton
public class PlateSigner {

    public static final String VERSION = "EB1";
    public static final String ALGORITHM = "Ed25519";
    static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 512;

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    @Inject
    public PlateSigner(RegistrationConfig config) {
        this(privateKey(KeyFiles.readPem(config.plate().signing().privateKeyLocation(),
                        "PLATE_SIGNING_PRIVATE_KEY_LOCATION", "plate-signing private key (Ed25519, PKCS#8)")),
                publicKey(KeyFiles.readPem(config.plate().signing().publicKeyLocation(),
                        "PLATE_SIGNING_PUBLIC_KEY_LOCATION", "plate-signing public key (Ed25519, SPKI)")));
    }

    public PlateSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        if (!verify(probe, sign(probe))) {
            throw new IllegalStateException("PLATE_SIGNING_PUBLIC_KEY_LOCATION does not hold the public key of "
                    + "PLATE_SIGNING_PRIVATE_KEY_LOCATION: plate QR codes would not verify.");
        }
    }

    static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PLATE_SIGNING_PRIVATE_KEY_LOCATION does not hold an Ed25519 private key "
                    + "(PKCS#8 PEM, e.g. `openssl genpkey -algorithm ed25519`).");
        }
    }

    static PublicKey publicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PLATE_SIGNING_PUBLIC_KEY_LOCATION does not hold an Ed25519 public key "
                    + "(SPKI PEM, e.g. `openssl pkey -pubout`).");
        }
    }

    /** What a plate token says. */
    public record Claims(String plateNumber, String registrationCode, LocalDate issueDate) {
    }

    /** The outcome of checking a token's form and signature (not yet whether the plate exists). */
    public enum Check {
        VALID, MALFORMED, BAD_SIGNATURE
    }

    public record Verification(Check check, Claims claims) {
    }

    public static LocalDate issueDate(Instant issuedAt) {
        return LocalDate.ofInstant(issuedAt, Identifiers.CHINA);
    }

    public String token(String plateNumber, String registrationCode, LocalDate issueDate) {
        String payload = plateNumber + '|' + registrationCode + '|' + DATE.format(issueDate);
        String signed = VERSION + '.' + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return signed + '.' + B64.encodeToString(sign(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    public Verification verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return new Verification(Check.MALFORMED, null);
        }
        String trimmed = token.trim();
        int first = trimmed.indexOf('.');
        int second = trimmed.indexOf('.', first + 1);
        if (first < 0 || second < 0 || trimmed.indexOf('.', second + 1) >= 0
                || !VERSION.equals(trimmed.substring(0, first))) {
            return new Verification(Check.MALFORMED, null);
        }
        Claims claims;
        byte[] signature;
        try {
            String payload = new String(B64D.decode(trimmed.substring(first + 1, second)), StandardCharsets.UTF_8);
            String[] parts = payload.split("\\|", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                return new Verification(Check.MALFORMED, null);
            }
            claims = new Claims(parts[0], parts[1], LocalDate.parse(parts[2], DATE));
            signature = B64D.decode(trimmed.substring(second + 1));
        } catch (IllegalArgumentException | DateTimeException e) {
            return new Verification(Check.MALFORMED, null);
        }
        if (signature.length != 64) {
            return new Verification(Check.MALFORMED, null);
        }
        boolean good = verify(trimmed.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
        return good ? new Verification(Check.VALID, claims) : new Verification(Check.BAD_SIGNATURE, claims);
    }

    private byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private boolean verify(byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public byte[] publicKeySpki() {
        return publicKey.getEncoded();
    }

    /** First 16 hex digits of the SHA-256 of the SPKI: lets an app tell which key it holds. */
    public String keyId() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKeySpki())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
