package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Nothing secret is committed: the manifests render no Secret and no value that looks like key material,
 * and create-secrets.sh generates every Secret they read, with values that work together.
 */
class SecretsTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    /** A run of 20+ characters of the base64/hex alphabet: the shape of generated keys and passwords. */
    private static final Pattern KEY_MATERIAL = Pattern.compile("[A-Za-z0-9+/=]{20,}");

    /**
     * True for a PEM block, or a 20+ character base64/hex run that mixes letters and digits or is as
     * varied as random text (Shannon entropy of 4 bits per character or more; English-like identifiers
     * such as "HorizontalPodAutoscaler" stay below).
     */
    static boolean looksLikeKeyMaterial(String value) {
        if (value.contains("-----BEGIN")) {
            return true;
        }
        var matcher = KEY_MATERIAL.matcher(value);
        while (matcher.find()) {
            String run = matcher.group();
            boolean mixed = run.chars().anyMatch(Character::isDigit) && run.chars().anyMatch(Character::isLetter);
            if (mixed || entropy(run) >= 4.0) {
                return true;
            }
        }
        return false;
    }

    private static double entropy(String text) {
        Map<Integer, Long> counts = text.chars().boxed()
                .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()));
        double bits = 0;
        for (long count : counts.values()) {
            double p = (double) count / text.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    @Test
    void theDetectorTellsKeyMaterialFromManifestWords() {
        assertThat(looksLikeKeyMaterial("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI...")).isTrue();
        assertThat(looksLikeKeyMaterial("q9V0lV1E2m4Q+8cZ3kU7mGm7hQp3xYk0b2T7y1Jw8rM=")).isTrue();
        assertThat(looksLikeKeyMaterial("7c5f73ad2e6d140d837a3989454fd983f1a2b3c4d5e6f708")).isTrue();
        assertThat(looksLikeKeyMaterial("jHqWvTbXzKcRnLmPdFsGyAeU")).as("letters-only random password").isTrue();
        assertThat(looksLikeKeyMaterial("redis://:7c5f73ad2e6d140d837a3989454fd983@redis:6379/0")).isTrue();

        assertThat(looksLikeKeyMaterial("HorizontalPodAutoscaler")).isFalse();
        assertThat(looksLikeKeyMaterial("ebike-config-2929c6d89k")).isFalse();
        assertThat(looksLikeKeyMaterial("registry.change-me.invalid/ebike/gateway:1.0.0")).isFalse();
        assertThat(looksLikeKeyMaterial("/var/lib/postgresql/data/pgdata")).isFalse();
        assertThat(looksLikeKeyMaterial("automountServiceAccountToken")).isFalse();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theManifestsRenderNoSecretObjects(String overlay) {
        assertThat(Rendered.overlay(overlay).all(Secret.class))
                .as("Secrets come from create-secrets.sh, never from the repository").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noRenderedValueLooksLikeAKeyOrPassword(String overlay) {
        List<String> suspicious = new ArrayList<>();
        for (JsonNode document : Rendered.overlay(overlay).documents) {
            collectSuspicious(document, document.path("kind").asText() + "/" + document.path("metadata").path("name").asText(), suspicious);
        }
        assertThat(suspicious).isEmpty();
    }

    private static void collectSuspicious(JsonNode node, String path, List<String> found) {
        if (node.isTextual()) {
            if (looksLikeKeyMaterial(node.asText())) {
                found.add(path + " = " + node.asText().substring(0, Math.min(40, node.asText().length())) + "...");
            }
        } else if (node.isObject()) {
            node.properties().forEach(e -> collectSuspicious(e.getValue(), path + "." + e.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectSuspicious(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theDetectorRecognisesTheKeysAndSecretsCreateSecretsGenerates(String overlay) {
        for (Secret secret : Rendered.generatedSecrets(overlay).all(Secret.class)) {
            decoded(secret).forEach((key, value) -> {
                // the admin password is random letters and digits that may, rarely, look plain: the fixed
                // samples above cover that shape; the test's own Redis URL is not generated
                if (!key.equals("BOOTSTRAP_ADMIN_PASSWORD") && !value.equals(Rendered.TEST_REDIS_URL)) {
                    assertThat(looksLikeKeyMaterial(value)).as(secret.getMetadata().getName() + "/" + key).isTrue();
                }
            });
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void generatedKeysAreUsableAndBelongTogether(String overlay) throws Exception {
        Map<String, Map<String, String>> secrets = new HashMap<>();
        Rendered.generatedSecrets(overlay).all(Secret.class).forEach(s -> secrets.put(s.getMetadata().getName(), decoded(s)));
        assertThat(secrets).containsKeys("ebike-jwt-public", "gateway-secrets", "registration-service-secrets",
                "tradein-service-secrets", "subsidy-service-secrets");
        assertThat(secrets.get("gateway-secrets")).containsKeys("jwt-private.pem", "TRADEIN_CLIENT_SECRET", "SUBSIDY_CLIENT_SECRET",
                "DB_PASSWORD", "BOOTSTRAP_ADMIN_PASSWORD", "REDIS_URL");
        assertThat(secrets.get("registration-service-secrets")).containsKeys("plate-signing-private.pem", "plate-signing-public.pem",
                "PII_ENCRYPTION_KEY", "PII_HMAC_KEY", "DB_PASSWORD");
        assertThat(secrets.get("tradein-service-secrets")).containsKeys("TRADEIN_CLIENT_SECRET", "DB_PASSWORD",
                "DEALER_CONTACT_ENCRYPTION_KEY");
        assertThat(secrets.get("subsidy-service-secrets")).containsKeys("SUBSIDY_CLIENT_SECRET", "WALLET_ENCRYPTION_KEY", "DB_PASSWORD", "REDIS_URL");

        Map<String, String> gateway = secrets.get("gateway-secrets");
        Map<String, String> registration = secrets.get("registration-service-secrets");
        Map<String, String> tradein = secrets.get("tradein-service-secrets");
        Map<String, String> subsidy = secrets.get("subsidy-service-secrets");

        assertKeyPair("RSA", "SHA256withRSA", gateway.get("jwt-private.pem"), secrets.get("ebike-jwt-public").get("jwt-public.pem"));
        assertKeyPair("Ed25519", "Ed25519", registration.get("plate-signing-private.pem"), registration.get("plate-signing-public.pem"));
        for (String key : List.of(registration.get("PII_ENCRYPTION_KEY"), registration.get("PII_HMAC_KEY"), subsidy.get("WALLET_ENCRYPTION_KEY"),
                tradein.get("DEALER_CONTACT_ENCRYPTION_KEY"))) {
            assertThat(Base64.getDecoder().decode(key)).as("a base64 32-byte key").hasSize(32);
        }
        assertThat(registration.get("PII_ENCRYPTION_KEY")).isNotEqualTo(registration.get("PII_HMAC_KEY"));
        assertThat(tradein.get("TRADEIN_CLIENT_SECRET")).as("tradein's client secret is the one the gateway checks")
                .isEqualTo(gateway.get("TRADEIN_CLIENT_SECRET"));
        assertThat(subsidy.get("SUBSIDY_CLIENT_SECRET")).as("subsidy's client secret is the one the gateway checks")
                .isEqualTo(gateway.get("SUBSIDY_CLIENT_SECRET"));
        assertThat(registration.get("REGISTRATION_CLIENT_SECRET")).as("registration's client secret is the one the gateway checks")
                .isNotBlank().isEqualTo(gateway.get("REGISTRATION_CLIENT_SECRET"));
        assertThat(gateway.get("TRADEIN_CLIENT_SECRET")).isNotEqualTo(gateway.get("SUBSIDY_CLIENT_SECRET"));
        assertThat(List.of(gateway, registration, tradein, subsidy)).extracting(m -> m.get("DB_PASSWORD"))
                .as("one database password per service").doesNotHaveDuplicates().allMatch(p -> p.length() >= 32);
        assertThat(gateway.get("BOOTSTRAP_ADMIN_PASSWORD")).hasSizeGreaterThanOrEqualTo(12);
        assertThat(gateway.get("REDIS_URL")).isEqualTo(subsidy.get("REDIS_URL"));
        if (overlay.equals("dev")) {
            assertThat(gateway.get("REDIS_URL")).as("dev Redis URL carries the dev Redis password")
                    .isEqualTo("redis://:" + secrets.get("redis-auth").get("REDIS_PASSWORD") + "@redis:6379/0");
            assertThat(secrets.get("postgres-superuser").get("POSTGRES_PASSWORD")).hasSizeGreaterThanOrEqualTo(32);
        } else {
            assertThat(gateway.get("REDIS_URL")).isEqualTo(Rendered.TEST_REDIS_URL);
            assertThat(secrets).doesNotContainKeys("redis-auth", "postgres-superuser");
        }
    }

    @Test
    void eachRunGeneratesFreshValues() {
        Kubectl.Result again = Rendered.runCreateSecrets(List.of("dev", "--dry-run"), Map.of());
        assertThat(again.exitCode()).isZero();
        Secret first = Rendered.generatedSecrets("dev").get(Secret.class, "registration-service-secrets");
        Secret second = Manifests.parse("again", again.stdout()).get(Secret.class, "registration-service-secrets");
        assertThat(second.getData().get("PII_ENCRYPTION_KEY")).isNotEqualTo(first.getData().get("PII_ENCRYPTION_KEY"));
    }

    @Test
    void prodRefusesToGenerateWithoutTheManagedRedisUrl() {
        Map<String, String> withoutRedis = new HashMap<>();
        withoutRedis.put("REDIS_URL", null);
        Kubectl.Result result = Rendered.runCreateSecrets(List.of("prod", "--dry-run"), withoutRedis);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("REDIS_URL");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void anUnknownOverlayIsRefused() {
        Kubectl.Result result = Rendered.runCreateSecrets(List.of("staging", "--dry-run"), Map.of());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout()).isEmpty();
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new HashMap<>();
        secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return values;
    }

    private static void assertKeyPair(String algorithm, String signatureAlgorithm, String privatePem, String publicPem) throws Exception {
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----");
        KeyFactory factory = KeyFactory.getInstance(algorithm);
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pem(privatePem)));
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(pem(publicPem)));
        byte[] message = "ebike".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(signatureAlgorithm);
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signatureAlgorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        assertThat(verifier.verify(signature)).as(algorithm + " public key matches its private key").isTrue();
    }

    private static byte[] pem(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }
}
