package cn.ebike.registration.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/** Reads PEM key files from a path ({@code file:} optional) or, for tests, a classpath resource. */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** @return the DER bytes of the single PEM block at {@code location}; clear messages naming {@code variable} */
    public static byte[] readPem(Optional<String> location, String variable, String what) {
        String where = location.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalStateException(
                variable + " is not set: registration-service needs the " + what + " (PEM file). "
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
