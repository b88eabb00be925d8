package cn.ebike.registration.api;

import cn.ebike.registration.common.KeyFiles;
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
