package cn.ebike.registration.plate;

import cn.ebike.registration.config.RegistrationConfig;
import cn.ebike.common.security.KeyFiles;
import cn.ebike.common.validation.ChinaTime;
import jakarta.inject.Inject;
import io.quarkus.runtime.Startup;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs and checks plate QR tokens with Ed25519 (JDK built-in):
 *
 * <pre>EB1.&lt;base64url(plateNumber|registrationCode|yyyyMMdd)&gt;.&lt;base64url(signature)&gt;</pre>
 *
 * The signature covers the ASCII text {@code EB1.<payload segment>} (version and payload together);
 * base64url without padding; the date is the issue date in China Standard Time. Ed25519 signatures are
 * deterministic (RFC 8032), so the same plate always yields the same token and it need not be stored.
 *
 * <p>Key rotation: new plates are signed with the current key; a token that does not verify with it is
 * checked against the previous public keys ({@code PLATE_SIGNING_PREVIOUS_PUBLIC_KEYS_LOCATION}), because a
 * plate printed and riveted on a bike keeps its QR code until it is re-issued.
 */
@Startup // created at start: a missing or malformed key stops the service with a message naming its variable
@Singleton
public class PlateSigner {

    public static final String VERSION = "EB1";
    public static final String ALGORITHM = "Ed25519";
    static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 512;

    private static final Pattern PUBLIC_KEY_PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final List<PublicKey> previousKeys;

    @Inject
    public PlateSigner(RegistrationConfig config) {
        this(privateKey(KeyFiles.readPem(config.plate().signing().privateKeyLocation(),
                        "PLATE_SIGNING_PRIVATE_KEY_LOCATION", "plate-signing private key (Ed25519, PKCS#8)")),
                publicKey(KeyFiles.readPem(config.plate().signing().publicKeyLocation(),
                        "PLATE_SIGNING_PUBLIC_KEY_LOCATION", "plate-signing public key (Ed25519, SPKI)")),
                previousKeys(config.plate().signing().previousPublicKeysLocation()));
    }

    public PlateSigner(PrivateKey privateKey, PublicKey publicKey) {
        this(privateKey, publicKey, List.of());
    }

    public PlateSigner(PrivateKey privateKey, PublicKey publicKey, List<PublicKey> previousKeys) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.previousKeys = previousKeys.stream().filter(k -> !Arrays.equals(k.getEncoded(), publicKey.getEncoded()))
                .toList();
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        if (!verify(publicKey, probe, sign(probe))) {
            throw new IllegalStateException("PLATE_SIGNING_PUBLIC_KEY_LOCATION does not hold the public key of "
                    + "PLATE_SIGNING_PRIVATE_KEY_LOCATION: plate QR codes would not verify.");
        }
    }

    /** The previous public keys: none when the location is unset; every SPKI PEM block of the file otherwise. */
    static List<PublicKey> previousKeys(Optional<String> location) {
        Optional<String> where = location.map(String::trim).filter(l -> !l.isEmpty());
        if (where.isEmpty()) {
            return List.of();
        }
        String text = KeyFiles.read(where.get()).orElseThrow(() -> new IllegalStateException(
                "previous plate-signing public keys not found at '" + where.get()
                        + "' (PLATE_SIGNING_PREVIOUS_PUBLIC_KEYS_LOCATION)."));
        return previousKeysFromPem(text);
    }

    static List<PublicKey> previousKeysFromPem(String text) {
        List<PublicKey> keys = new ArrayList<>();
        Matcher m = PUBLIC_KEY_PEM.matcher(text);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("PLATE_SIGNING_PREVIOUS_PUBLIC_KEYS_LOCATION: a block is not base64");
            }
            keys.add(publicKey(der));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("PLATE_SIGNING_PREVIOUS_PUBLIC_KEYS_LOCATION holds no "
                    + "'-----BEGIN PUBLIC KEY-----' block (Ed25519 SPKI PEM, one per previous key).");
        }
        return List.copyOf(keys);
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
        return LocalDate.ofInstant(issuedAt, ChinaTime.ZONE);
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
        byte[] signed = trimmed.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        boolean good = verify(publicKey, signed, signature);
        for (int i = 0; !good && i < previousKeys.size(); i++) {
            good = verify(previousKeys.get(i), signed, signature);
        }
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

    private static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public byte[] publicKeySpki() {
        return publicKey.getEncoded();
    }

    /** The SPKI DER of each previous key still accepted, oldest rotation last as configured. */
    public List<byte[]> previousKeysSpki() {
        return previousKeys.stream().map(PublicKey::getEncoded).toList();
    }

    /** First 16 hex digits of the SHA-256 of the SPKI: lets an app tell which key it holds. */
    public String keyId() {
        return keyId(publicKeySpki());
    }

    public static String keyId(byte[] spki) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
