package cn.ebike.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The k8s folder rendered once per test JVM: each overlay, the prod overlay with the optional
 * ServiceMonitor component, and the Secrets that create-secrets.sh would create (its --dry-run).
 */
final class Rendered {

    static final List<String> OVERLAYS = List.of("dev", "prod");

    /** A value for the one setting prod's create-secrets.sh insists on; test-only, resolves nowhere. */
    static final String TEST_REDIS_URL = "rediss://:test-only-redis-password@redis.test.invalid:6380/0";

    private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    static Path k8sDir() {
        Path dir = Path.of(System.getProperty("k8s.dir", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("overlays"))) {
            fail("k8s folder not found at " + dir + " (run the tests through Maven: ./mvnw -pl k8s verify)");
        }
        return dir;
    }

    static Manifests overlay(String overlay) {
        return CACHE.computeIfAbsent("overlay:" + overlay,
                key -> Manifests.parse(overlay, Kubectl.kustomize(k8sDir().resolve("overlays").resolve(overlay))));
    }

    /** prod plus components/service-monitor, added the way the component's comment tells operators to. */
    static Manifests prodWithServiceMonitor() {
        return CACHE.computeIfAbsent("prod+service-monitor", key -> {
            try {
                Path dir = Kubectl.workDir().resolve("prod-with-service-monitor");
                Files.createDirectories(dir);
                Path k8s = k8sDir();
                String toProd = dir.relativize(k8s.resolve("overlays/prod")).toString();
                String toComponent = dir.relativize(k8s.resolve("components/service-monitor")).toString();
                Files.writeString(dir.resolve("kustomization.yaml"), """
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        namespace: ebike
                        resources:
                          - %s
                        components:
                          - %s
                        """.formatted(toProd, toComponent));
                return Manifests.parse(key, Kubectl.kustomize(dir));
            } catch (IOException e) {
                return fail("could not write the test kustomization: " + e.getMessage());
            }
        });
    }

    /** What `create-secrets.sh OVERLAY --dry-run` prints, parsed (freshly generated, test-only values). */
    static Manifests generatedSecrets(String overlay) {
        return CACHE.computeIfAbsent("secrets:" + overlay, key -> {
            Kubectl.Result result = runCreateSecrets(List.of(overlay, "--dry-run"), Map.of("REDIS_URL", TEST_REDIS_URL));
            if (result.exitCode() != 0) {
                fail("create-secrets.sh " + overlay + " --dry-run failed (exit " + result.exitCode() + "):\n"
                        + result.stderr());
            }
            return Manifests.parse(key, result.stdout());
        });
    }

    static Kubectl.Result runCreateSecrets(List<String> arguments, Map<String, String> environment) {
        Path script = k8sDir().resolve("create-secrets.sh");
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(arguments);
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("KUBECTL", Kubectl.binary());
        return Kubectl.run(command, env);
    }
}
