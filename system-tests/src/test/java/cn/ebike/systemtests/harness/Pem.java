package cn.ebike.systemtests.harness;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/** PEM text of freshly generated keys (PKCS#8 private, X.509 SubjectPublicKeyInfo public). */
final class Pem {

    private Pem() {
    }

    static String privateKey(PrivateKey key) {
        return wrap("PRIVATE KEY", key.getEncoded());
    }

    static String publicKey(PublicKey key) {
        return wrap("PUBLIC KEY", key.getEncoded());
    }

    private static String wrap(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
