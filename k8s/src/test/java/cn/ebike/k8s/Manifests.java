package cn.ebike.k8s;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rendered multi-document manifest, each document deserialised on its own into the fabric8 Kubernetes
 * model. A document that does not fit the model (wrong type, unknown kind) is kept as a problem that names
 * it, so one bad document does not hide the others.
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    final String name;
    final List<JsonNode> documents = new ArrayList<>();
    final List<KubernetesResource> resources = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    private Manifests(String name) {
        this.name = name;
    }

    static Manifests parse(String name, String yaml) {
        Manifests manifests = new Manifests(name);
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                manifests.documents.add(document);
                try {
                    manifests.resources.add(SERIALIZATION.convertValue(document, KubernetesResource.class));
                } catch (RuntimeException e) {
                    manifests.problems.add(describe(index, document) + " does not fit the Kubernetes model: "
                            + e.getMessage().lines().findFirst().orElse("") + " " + chain(e));
                }
            }
        } catch (IOException e) {
            fail(name + ": the rendered output is not YAML: " + e.getMessage());
        }
        return manifests;
    }

    private static String chain(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf("(through reference chain");
        return at < 0 ? "" : message.substring(at).strip();
    }

    static String describe(int index, JsonNode document) {
        return "document #" + index + " (" + document.path("kind").asText("?") + " "
                + document.path("metadata").path("name").asText("?") + ")";
    }

    static String describe(HasMetadata resource) {
        return resource.getKind() + "/" + resource.getMetadata().getName();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String resourceName) {
        return all(type).stream().filter(r -> resourceName.equals(r.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String resourceName) {
        return find(type, resourceName).orElseGet(() -> fail(name + ": no " + type.getSimpleName() + " named "
                + resourceName + " in the rendered output"));
    }

    Optional<String> configMapValue(String configMapName, String key) {
        return find(ConfigMap.class, configMapName).map(ConfigMap::getData).map(data -> data.get(key));
    }

    /** Every pod template in the output (Deployments, StatefulSets, Jobs), keyed by "Kind/name". */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(describe(d), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(describe(s), s.getSpec().getTemplate()));
        all(Job.class).forEach(j -> templates.put(describe(j), j.getSpec().getTemplate()));
        return templates;
    }
}
