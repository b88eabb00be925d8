package cn.ebike.gateway.openapi;

import cn.ebike.gateway.proxy.Upstream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The merged document at build time, from the documents Quarkus generated while building each module
 * (what each serves at {@code /q/openapi}), with the same merger the running gateway uses:
 * <pre>java -cp … cn.ebike.gateway.openapi.MergeCli OUT.json REPO_ROOT</pre>
 * A module that has not been built is an error here (unlike at run time, where a service that is down is
 * only reported missing): a build must not generate a client from half a document.
 */
public final class MergeCli {

    static final String GENERATED = "META-INF/quarkus-generated-openapi-doc.JSON";

    private MergeCli() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: MergeCli OUT.json REPO_ROOT");
        }
        Path out = Path.of(args[0]);
        Path root = Path.of(args[1]);
        ObjectMapper json = new ObjectMapper();
        List<ApiDocumentMerger.Part> parts = new ArrayList<>();
        parts.add(new ApiDocumentMerger.Part("gateway", List.of("/api/auth", "/api/stats"), read(json, root, "gateway")));
        for (Upstream u : Upstream.values()) {
            parts.add(new ApiDocumentMerger.Part(u.serviceName(), u.prefixes(), read(json, root, u.serviceName())));
        }
        JsonNode merged = new ApiDocumentMerger(json).merge(parts, "build");
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), merged);
        System.out.println("merged API document: " + out + " (" + merged.path("paths").size() + " paths)");
    }

    private static JsonNode read(ObjectMapper json, Path root, String module) throws IOException {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus/generated-bytecode.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build " + module + " first");
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(GENERATED);
            if (entry == null) {
                throw new IllegalStateException(jar + " holds no " + GENERATED);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return json.readTree(in);
            }
        }
    }
}
