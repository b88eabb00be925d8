package cn.ebike.registration.api;

import cn.ebike.common.security.KeyFiles;
import cn.ebike.registration.plate.PlateSigner;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/** The test-only plate-signing key pair, to mint tokens the service must accept (or judge). */
final class PlateSignerKeys {

    private PlateSignerKeys() {
    }

    static PlateSigner signer() {
        return new PlateSigner(privateKey(), publicKey());
    }

    /** The test-only key pair the test profile lists as rotated out (its public key only). */
    static PlateSigner previousSigner() {
        try {
            KeyFactory ed = KeyFactory.getInstance("Ed25519");
            return new PlateSigner(
                    ed.generatePrivate(new PKCS8EncodedKeySpec(KeyFiles.readPem(
                            Optional.of("test-only-keys/plate-signing-previous-private.pem"), "P", "private"))),
                    ed.generatePublic(new X509EncodedKeySpec(KeyFiles.readPem(
                            Optional.of("test-only-keys/plate-signing-previous-public.pem"), "P", "public"))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                    KeyFiles.readPem(Optional.of("test-only-keys/plate-signing-private.pem"), "P", "private")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey publicKey() {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    KeyFiles.readPem(Optional.of("test-only-keys/plate-signing-public.pem"), "P", "public")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
