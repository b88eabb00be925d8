package cn.ebike.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void aMissingJwtKeyLocationNamesTheVariableAndTheService() {
        assertThatThrownBy(() -> KeyFiles.requireJwtPublicKey("tradein-service", Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("JWT_PUBLIC_KEY_LOCATION is not set: tradein-service cannot verify tokens");
        assertThatThrownBy(() -> KeyFiles.requireJwtPublicKey("tradein-service", Optional.of("  ")))
                .hasMessageContaining("JWT_PUBLIC_KEY_LOCATION is not set");
    }

    @Test
    void anUnreadableJwtKeyNamesWhereItWasLookedFor() {
        Path nowhere = dir.resolve("no-such-key.pem");
        assertThatThrownBy(() -> KeyFiles.requireJwtPublicKey("subsidy-service", Optional.of("file:" + nowhere)))
                .hasMessage("JWT public key not found at 'file:" + nowhere
                        + "' (JWT_PUBLIC_KEY_LOCATION): subsidy-service cannot verify tokens.");
    }

    @Test
    void aJwtKeyIsFoundAsAFileWithOrWithoutThePrefixOrOnTheClassPath() throws Exception {
        Path key = dir.resolve("jwt.pem");
        Files.writeString(key, KeyFiles.pem("PUBLIC KEY", new byte[] {1, 2, 3}));
        assertThatCode(() -> KeyFiles.requireJwtPublicKey("s", Optional.of(key.toString()))).doesNotThrowAnyException();
        assertThatCode(() -> KeyFiles.requireJwtPublicKey("s", Optional.of("file:" + key))).doesNotThrowAnyException();
        // this class is on the test class path: any readable resource counts as found
        String resource = KeyFilesTest.class.getName().replace('.', '/') + ".class";
        assertThatCode(() -> KeyFiles.requireJwtPublicKey("s", Optional.of("classpath:" + resource)))
                .doesNotThrowAnyException();
    }

    @Test
    void aMissingOrBlankSecretFailsWithTheGivenMessage() {
        assertThatThrownBy(() -> KeyFiles.requireSecret(Optional.empty(), "X_SECRET is not set"))
                .isInstanceOf(IllegalStateException.class).hasMessage("X_SECRET is not set");
        assertThatThrownBy(() -> KeyFiles.requireSecret(Optional.of(" "), "X_SECRET is not set"))
                .hasMessage("X_SECRET is not set");
        assertThatCode(() -> KeyFiles.requireSecret(Optional.of("s3cret"), "unused")).doesNotThrowAnyException();
    }

    @Test
    void aPemFileGivesItsDerBytesBackAndANonPemFileIsNamed() throws Exception {
        byte[] der = new byte[300];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }
        Path pem = dir.resolve("k.pem");
        Files.writeString(pem, KeyFiles.pem("PRIVATE KEY", der));
        assertThat(KeyFiles.readPem(Optional.of(pem.toString()), "K_LOCATION", "key")).isEqualTo(der);

        Path notPem = dir.resolve("k.txt");
        Files.write(notPem, "just text".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> KeyFiles.readPem(Optional.of(notPem.toString()), "K_LOCATION", "signing key"))
                .hasMessageContaining("(K_LOCATION) is not a PEM file");
        assertThatThrownBy(() -> KeyFiles.readPem(Optional.empty(), "K_LOCATION", "signing key"))
                .hasMessageStartingWith("K_LOCATION is not set: the signing key (PEM file) is needed");
    }
}
