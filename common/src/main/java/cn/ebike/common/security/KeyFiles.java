package cn.ebike.common.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads key files from a path ({@code file:} optional) or, for tests, a classpath resource
 * ({@code classpath:} optional), and checks at start that a service's required keys and secrets are there,
 * with messages naming the environment variable to set.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * Refuses to start a service whose JWT verification key is missing or unreadable: without it SmallRye JWT
     * answers 500 to every request, health included.
     *
     * @param service the service's name, for the message
     * @param location the value of {@code mp.jwt.verify.publickey.location} (JWT_PUBLIC_KEY_LOCATION)
     * @throws IllegalStateException naming JWT_PUBLIC_KEY_LOCATION
     */
    public static void requireJwtPublicKey(String service, Optional<String> location) {
        String where = location.map(String::trim).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new IllegalStateException(
                        "JWT_PUBLIC_KEY_LOCATION is not set: " + service + " cannot verify tokens. "
                                + "Point it at the gateway's public key (PEM or JWKS file); "
                                + "'./suite up' generates development keys under .run/keys."));
        if (read(where).isEmpty()) {
            throw new IllegalStateException("JWT public key not found at '" + where
                    + "' (JWT_PUBLIC_KEY_LOCATION): " + service + " cannot verify tokens.");
        }
    }

    /**
     * Refuses to start without a secret the service needs later (a missing one would fail far from the cause).
     *
     * @throws IllegalStateException with {@code message} when the secret is absent or blank
     */
    public static void requireSecret(Optional<String> secret, String message) {
        if (secret.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException(message);
        }
    }

    /** @return the DER bytes of the single PEM block at {@code location}; clear messages naming {@code variable} */
    public static byte[] readPem(Optional<String> location, String variable, String what) {
        String where = location.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalStateException(
                variable + " is not set: the " + what + " (PEM file) is needed. "
                        + "'./suite up' generates development keys under .run/keys."));
        String text = read(where).orElseThrow(() -> new IllegalStateException(
                what + " not found at '" + where + "' (" + variable + ")."));
        try {
            return pemBody(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " at '" + where + "' (" + variable + ") is not a PEM file: "
                    + e.getMessage());
        }
    }

    public static Optional<String> read(String location) {
        String path = location.startsWith("file:") ? location.substring(5) : location;
        try {
            if (Files.isReadable(Path.of(path))) {
                return Optional.of(Files.readString(Path.of(path), StandardCharsets.US_ASCII));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        String resource = path.startsWith("classpath:") ? path.substring(10) : path;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static byte[] pemBody(String pem) {
        int begin = pem.indexOf("-----BEGIN ");
        int end = pem.indexOf("-----END ");
        if (begin < 0 || end < 0 || end < begin) {
            throw new IllegalArgumentException("no BEGIN/END lines");
        }
        int bodyStart = pem.indexOf('\n', begin);
        if (bodyStart < 0 || bodyStart > end) {
            throw new IllegalArgumentException("empty PEM block");
        }
        String body = pem.substring(bodyStart, end).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    public static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
