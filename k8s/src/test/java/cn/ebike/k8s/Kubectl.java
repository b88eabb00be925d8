package cn.ebike.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the kubectl binary the way CI does: {@code kubectl kustomize DIR} renders an overlay offline (no
 * cluster, no kubeconfig). The binary is {@code -Dk8s.kubectl} (default {@code kubectl} on the PATH).
 */
final class Kubectl {

    private static final Path WORK = Path.of(System.getProperty("k8s.workDir", "target/k8s-check"));
    private static volatile String binary;

    private Kubectl() {
    }

    /** The kubectl to run, or a test failure that says how to get one. */
    static String binary() {
        if (binary == null) {
            String found = locate(System.getProperty("k8s.kubectl", "kubectl"));
            requireKustomizeV5(found);
            binary = found;
        }
        return binary;
    }

    private static final String HOW_TO_GET_ONE = "The k8s module renders its manifests with `kubectl kustomize` "
            + "(offline: no cluster needed) and needs a kubectl with kustomize v5 (kubectl >= 1.27; tested with "
            + "1.32; Debian's kubernetes-client package is 1.20, too old). Install one, or point the build at one "
            + "with -Dk8s.kubectl=/path/to/kubectl, or leave this module out with -pl '!k8s'.";

    /** An older kubectl embeds kustomize v2-v4, which rejects these manifests with messages far from the cause. */
    private static void requireKustomizeV5(String kubectl) {
        Result result = run(List.of(kubectl, "version", "--client"), Map.of());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Kustomize Version: v(\\d+)").matcher(result.stdout);
        if (!m.find() || Integer.parseInt(m.group(1)) < 5) {
            fail(kubectl + " has no kustomize v5 (`kubectl version --client` said: "
                    + (result.stdout + result.stderr).strip().replace('\n', ' ') + "). " + HOW_TO_GET_ONE);
        }
    }

    private static String locate(String wanted) {
        List<Path> candidates = new ArrayList<>();
        if (wanted.contains(File.separator)) {
            candidates.add(Path.of(wanted));
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, wanted));
                }
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("kubectl not found (looked for '" + wanted + "'"
                + (wanted.contains(File.separator) ? "" : " on the PATH") + "). " + HOW_TO_GET_ONE);
    }

    /** Renders the kustomization in {@code dir}; fails the test with kubectl's own message when it cannot. */
    static String kustomize(Path dir) {
        Result result = run(List.of(binary(), "kustomize", dir.toString()), Map.of());
        if (result.exitCode != 0) {
            fail("`kubectl kustomize " + dir + "` failed (exit " + result.exitCode + ", " + version() + "):\n"
                    + result.stderr);
        }
        return result.stdout;
    }

    static String version() {
        Result result = run(List.of(binary(), "version", "--client"), Map.of());
        return result.stdout.strip().replace('\n', ' ');
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command with changed environment variables, output to files (no pipe dead-locks), 60 s at most. */
    static Result run(List<String> command, Map<String, String> environment) {
        try {
            Files.createDirectories(WORK);
            Path out = Files.createTempFile(WORK, "out-", ".txt");
            Path err = Files.createTempFile(WORK, "err-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            // a null value removes the variable from the inherited environment
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("timed out after 60 s: " + String.join(" ", command));
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            return fail("could not run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted: " + String.join(" ", command));
        }
    }

    static Path workDir() {
        return WORK;
    }
}
