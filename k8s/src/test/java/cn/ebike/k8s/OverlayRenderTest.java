package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every overlay renders with kubectl kustomize, and every document is valid against the Kubernetes model. */
class OverlayRenderTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void rendersToTypedKubernetesResourcesOnly(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);

        assertThat(manifests.problems).as("documents that do not fit the model").isEmpty();
        assertThat(manifests.resources).as("rendered resources").hasSizeGreaterThan(20);
        assertThat(manifests.resources)
                .as("kinds the Kubernetes model does not know (misspelt kind or apiVersion?)")
                .noneMatch(GenericKubernetesResource.class::isInstance);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noDocumentHasFieldsTheKubernetesModelDoesNotKnow(String overlay) {
        List<String> unknown = new ArrayList<>();
        for (KubernetesResource resource : Rendered.overlay(overlay).resources) {
            String name = resource instanceof HasMetadata r ? Manifests.describe(r) : resource.getClass().getSimpleName();
            StrictModel.unknownFields(resource).forEach(problem -> unknown.add(name + " " + problem));
        }

        assertThat(unknown).as("misspelt or misplaced fields").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everythingLivesInTheEbikeNamespaceUnderUniqueNames(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        Set<String> seen = new HashSet<>();

        for (HasMetadata resource : manifests.all(HasMetadata.class)) {
            if (resource instanceof Namespace) {
                assertThat(resource.getMetadata().getName()).isEqualTo("ebike");
            } else {
                assertThat(resource.getMetadata().getNamespace()).as(Manifests.describe(resource)).isEqualTo("ebike");
            }
            assertThat(seen.add(resource.getKind() + "/" + resource.getMetadata().getName()))
                    .as("duplicate " + Manifests.describe(resource)).isTrue();
            assertThat(resource.getMetadata().getLabels())
                    .as(Manifests.describe(resource) + " labels")
                    .containsEntry("app.kubernetes.io/part-of", "ebike-suite");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theNamespaceEnforcesTheRestrictedPodSecurityStandard(String overlay) {
        Namespace namespace = Rendered.overlay(overlay).get(Namespace.class, "ebike");

        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyConfigMapReferenceResolvesToAKeyInTheOutput(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        List<String> dangling = new ArrayList<>();

        manifests.podTemplates().forEach((workload, template) -> {
            template.getSpec().getContainers().forEach(container -> container.getEnv().forEach(env -> {
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    if (manifests.configMapValue(ref.getName(), ref.getKey()).isEmpty()) {
                        dangling.add(workload + " env " + env.getName() + " -> ConfigMap " + ref.getName() + " key " + ref.getKey());
                    }
                }
            }));
            for (Volume volume : template.getSpec().getVolumes()) {
                if (volume.getConfigMap() != null && manifests.find(ConfigMap.class, volume.getConfigMap().getName()).isEmpty()) {
                    dangling.add(workload + " volume " + volume.getName() + " -> ConfigMap " + volume.getConfigMap().getName());
                }
            }
        });

        assertThat(dangling).as("references to ConfigMaps (or keys) the overlay does not render").isEmpty();
    }
}
