package cn.ebike.gateway.token;

import cn.ebike.common.security.TokenRules;
import cn.ebike.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's RSA key pair (the public half is derived from the private key, so the two cannot
 * disagree) and, during a rotation, the previous public key. Keys are named by their RFC 7638 JWK
 * thumbprint, which is what the {@code kid} header carries.
 */
@Singleton
public class SigningKeys {

    public record VerificationKey(String kid, RSAPublicKey key) {
    }

    private final RSAPrivateCrtKey privateKey;
    private final VerificationKey current;
    private final Optional<VerificationKey> previous;
    private final String jwksJson;

    @Inject
    public SigningKeys(GatewayConfig config) {
        this(config.jwt().privateKeyLocation(), config.jwt().previousPublicKeyLocation());
    }

    SigningKeys(Optional<String> privateKeyLocation, Optional<String> previousPublicKeyLocation) {
        String location = privateKeyLocation.filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "JWT_PRIVATE_KEY_LOCATION is not set: the gateway cannot sign tokens. Point it at a "
                                + "PKCS#8 PEM RSA private key ('./suite up' generates one under .run/keys)."));
        this.privateKey = readPrivateKey(location);
        RSAPublicKey publicKey = derivePublic(privateKey);
        this.current = new VerificationKey(TokenRules.thumbprint(publicKey), publicKey);
        this.previous = previousPublicKeyLocation.filter(s -> !s.isBlank())
                .map(SigningKeys::readPublicKey)
                .map(k -> new VerificationKey(TokenRules.thumbprint(k), k))
                .filter(k -> !k.kid().equals(current.kid()));
        JsonArray keys = new JsonArray().add(jwk(current));
        previous.ifPresent(p -> keys.add(jwk(p)));
        this.jwksJson = new JsonObject().put("keys", keys).encode();
    }

    public RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    public VerificationKey current() {
        return current;
    }

    public Optional<VerificationKey> previous() {
        return previous;
    }

    /** Current key first, then the previous one. */
    public List<VerificationKey> verificationKeys() {
        List<VerificationKey> all = new ArrayList<>(2);
        all.add(current);
        previous.ifPresent(all::add);
        return all;
    }

    public String jwksJson() {
        return jwksJson;
    }

    private static JsonObject jwk(VerificationKey k) {
        return new JsonObject().put("kty", "RSA").put("kid", k.kid()).put("use", "sig").put("alg", "RS256")
                .put("n", TokenRules.b64url(k.key().getModulus().toByteArray()))
                .put("e", TokenRules.b64url(k.key().getPublicExponent().toByteArray()));
    }

    private static RSAPublicKey derivePublic(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAPrivateCrtKey readPrivateKey(String location) {
        String pem = read(location, "JWT_PRIVATE_KEY_LOCATION");
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalStateException("The key at '" + location + "' (JWT_PRIVATE_KEY_LOCATION) is PKCS#1; "
                    + "convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in old.pem -out new.pem");
        }
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("The file at '" + location
                    + "' (JWT_PRIVATE_KEY_LOCATION) is not a PKCS#8 PEM RSA private key.", e);
        }
    }

    static RSAPublicKey readPublicKey(String location) {
        String pem = read(location, "JWT_PREVIOUS_PUBLIC_KEY_LOCATION");
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
            return (RSAPublicKey) key;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("The file at '" + location
                    + "' (JWT_PREVIOUS_PUBLIC_KEY_LOCATION) is not a PEM RSA public key.", e);
        }
    }

    private static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private static String read(String location, String variable) {
        String path = location.startsWith("file:") ? location.substring(5) : location;
        try {
            Path file = Path.of(path);
            if (Files.isReadable(file)) {
                return Files.readString(file);
            }
            String resource = path.startsWith("classpath:") ? path.substring(10) : path;
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read '" + location + "' (" + variable + ").", e);
        }
        throw new IllegalStateException("No key file at '" + location + "' (" + variable + ").");
    }
}
