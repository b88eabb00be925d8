package cn.ebike.registration.plate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.ebike.common.security.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlateSignerTest {

    private static final String PRIVATE = "test-only-keys/plate-signing-private.pem";
    private static final String PUBLIC = "test-only-keys/plate-signing-public.pem";
    private static final LocalDate ISSUED = LocalDate.of(2026, 6, 1);

    private final PlateSigner signer = new PlateSigner(
            PlateSigner.privateKey(KeyFiles.readPem(Optional.of(PRIVATE), "P", "private")),
            PlateSigner.publicKey(KeyFiles.readPem(Optional.of(PUBLIC), "P", "public")));

    @Test
    void aTokenCarriesPlateCodeAndDateAndVerifies() {
        String token = signer.token("浙A000123", "EB0123456789ABCDEFGHJK", ISSUED);
        assertThat(token).startsWith("EB1.").hasSizeLessThan(200);
        PlateSigner.Verification v = signer.verify(token);
        assertThat(v.check()).isEqualTo(PlateSigner.Check.VALID);
        assertThat(v.claims()).isEqualTo(new PlateSigner.Claims("浙A000123", "EB0123456789ABCDEFGHJK", ISSUED));
    }

    @Test
    void afterAKeyRotationOldPlatesStillVerifyWithThePreviousKeyAndNewOnesAreSignedWithTheNewKey() throws Exception {
        KeyPair next = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String oldPlate = signer.token("浙A000123", "EBOLD", ISSUED);
        String previousPem = KeyFiles.pem("PUBLIC KEY", signer.publicKeySpki());
        KeyPair unrelated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        // the previous-keys file may hold several rotations' keys
        java.util.List<java.security.PublicKey> previous = PlateSigner.previousKeysFromPem(
                KeyFiles.pem("PUBLIC KEY", unrelated.getPublic().getEncoded()) + "\n" + previousPem);
        assertThat(previous).hasSize(2);

        PlateSigner rotated = new PlateSigner(next.getPrivate(), next.getPublic(), previous);
        assertThat(rotated.verify(oldPlate).check()).isEqualTo(PlateSigner.Check.VALID);
        String newPlate = rotated.token("浙A000124", "EBNEW", ISSUED);
        assertThat(rotated.verify(newPlate).check()).isEqualTo(PlateSigner.Check.VALID);
        assertThat(signer.verify(newPlate).check()).as("the old key does not vouch for new plates")
                .isEqualTo(PlateSigner.Check.BAD_SIGNATURE);
        assertThat(rotated.keyId()).isNotEqualTo(signer.keyId());
        assertThat(rotated.previousKeysSpki()).extracting(PlateSigner::keyId).contains(signer.keyId());

        // without the previous key the old plate is a bad signature: nothing is accepted by accident
        PlateSigner forgetful = new PlateSigner(next.getPrivate(), next.getPublic());
        assertThat(forgetful.verify(oldPlate).check()).isEqualTo(PlateSigner.Check.BAD_SIGNATURE);
    }

    @Test
    void aPreviousKeysFileWithoutAPublicKeyStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> PlateSigner.previousKeysFromPem("not a key"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PLATE_SIGNING_PREVIOUS_PUBLIC_KEYS_LOCATION");
        assertThat(PlateSigner.previousKeys(Optional.empty())).isEmpty();
        assertThat(PlateSigner.previousKeys(Optional.of(" "))).isEmpty();
        assertThatThrownBy(() -> PlateSigner.previousKeys(Optional.of("/nonexistent/previous.pem")))
                .hasMessageContaining("PLATE_SIGNING_PREVIOUS_PUBLIC_KEYS_LOCATION");
    }

    @Test
    void signingIsDeterministicSoTheTokenNeedNotBeStored() {
        assertThat(signer.token("浙A000123", "EBX", ISSUED)).isEqualTo(signer.token("浙A000123", "EBX", ISSUED));
    }

    @Test
    void anAppCanVerifyOfflineWithOnlyThePublicKeyAndTheDocumentedFormat() throws Exception {
        String token = signer.token("浙A000777", "EBCODE", ISSUED);
        String[] parts = token.split("\\.");
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(java.security.KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(signer.publicKeySpki())));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                .isEqualTo("浙A000777|EBCODE|20260601");
    }

    @Test
    void aChangedPayloadOrSignatureIsABadSignature() {
        String token = signer.token("浙A000123", "EBCODE", ISSUED);
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("浙A000124|EBCODE|20260601".getBytes(StandardCharsets.UTF_8));
        assertThat(signer.verify(parts[0] + "." + otherPayload + "." + parts[2]).check())
                .isEqualTo(PlateSigner.Check.BAD_SIGNATURE);
        char last = parts[2].charAt(10);
        String flipped = parts[2].substring(0, 10) + (last == 'A' ? 'B' : 'A') + parts[2].substring(11);
        assertThat(signer.verify(parts[0] + "." + parts[1] + "." + flipped).check())
                .isEqualTo(PlateSigner.Check.BAD_SIGNATURE);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsABadSignature() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String forged = new PlateSigner(other.getPrivate(), other.getPublic()).token("浙A000123", "EBCODE", ISSUED);
        assertThat(signer.verify(forged).check()).isEqualTo(PlateSigner.Check.BAD_SIGNATURE);
    }

    @Test
    void anythingNotShapedLikeATokenIsMalformed() {
        String good = signer.token("浙A000123", "EBCODE", ISSUED);
        String[] parts = good.split("\\.");
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString("no-separators".getBytes());
        String badDate = Base64.getUrlEncoder().withoutPadding().encodeToString("浙A1|EB|20261399".getBytes(
                StandardCharsets.UTF_8));
        for (String token : new String[] {null, "", "hello", "EB1.abc", "EB2." + parts[1] + "." + parts[2],
                good + ".x", "EB1.!!!." + parts[2], "EB1." + b64 + "." + parts[2], "EB1." + badDate + "." + parts[2],
                "EB1." + parts[1] + ".c2hvcnQ", "x".repeat(600)}) {
            assertThat(signer.verify(token).check()).as(String.valueOf(token)).isEqualTo(PlateSigner.Check.MALFORMED);
        }
    }

    @Test
    void missingKeyLocationsFailAtStartNamingTheVariable() {
        assertThatThrownBy(() -> KeyFiles.readPem(Optional.empty(), "PLATE_SIGNING_PRIVATE_KEY_LOCATION", "key"))
                .hasMessageContaining("PLATE_SIGNING_PRIVATE_KEY_LOCATION is not set");
        assertThatThrownBy(() -> KeyFiles.readPem(Optional.of("/nowhere/key.pem"), "PLATE_SIGNING_PUBLIC_KEY_LOCATION",
                "key")).hasMessageContaining("PLATE_SIGNING_PUBLIC_KEY_LOCATION").hasMessageContaining("/nowhere");
    }

    @Test
    void aPublicKeyThatDoesNotMatchThePrivateKeyIsRefused() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> new PlateSigner(
                PlateSigner.privateKey(KeyFiles.readPem(Optional.of(PRIVATE), "P", "private")), other.getPublic()))
                .hasMessageContaining("does not hold the public key");
    }

    @Test
    void anRsaKeyIsNotAnEd25519Key() {
        byte[] rsa = KeyFiles.readPem(Optional.of("test-only-keys/jwt-private.pem"), "P", "private");
        assertThatThrownBy(() -> PlateSigner.privateKey(rsa)).hasMessageContaining("Ed25519");
    }
}
