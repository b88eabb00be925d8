import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Prints an RS256 token shaped like the gateway's (JDK only), for the benchmark's scratch keys:
 *
 *   java MintToken.java <private-key.pem> <role> [subject] [issuer] [audience]
 */
public class MintToken {

    public static void main(String[] args) throws Exception {
        String pem = Files.readString(Path.of(args[0]), StandardCharsets.US_ASCII);
        String role = args[1];
        String subject = args.length > 2 ? args[2] : "bench-" + role.toLowerCase();
        String issuer = args.length > 3 ? args[3] : "https://gateway.ebike.local";
        String audience = args.length > 4 ? args[4] : "ebike-suite";
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"sub\":\"" + subject
                + "\",\"upn\":\"" + subject + "\",\"groups\":[\"" + role + "\"],\"iat\":" + now + ",\"exp\":"
                + (now + 900) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64.encodeToString(rsa.sign()));
    }
}
