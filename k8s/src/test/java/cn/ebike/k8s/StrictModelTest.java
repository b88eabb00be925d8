package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The checker itself: it must catch what it exists for, and stay quiet on a correct manifest. */
class StrictModelTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              replicas: 2
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s
            """;

    @Test
    void aCorrectDeploymentHasNoUnknownFields() {
        Manifests manifests = Manifests.parse("test", DEPLOYMENT.formatted("readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}}"));

        assertThat(manifests.problems).isEmpty();
        assertThat(StrictModel.unknownFields(manifests.resources.get(0))).isEmpty();
    }

    @Test
    void aMisspeltFieldIsReportedWithItsPath() {
        Manifests manifests = Manifests.parse("test", DEPLOYMENT.formatted("readinesProbe: {httpGet: {path: /q/health/ready, port: 8080}}"));

        assertThat(manifests.problems).isEmpty();
        assertThat(StrictModel.unknownFields(manifests.resources.get(0)))
                .singleElement().asString()
                .contains(".spec.template.spec.containers[0]")
                .contains("readinesProbe");
    }

    @Test
    void aMisspeltFieldDeepInsideIsReported() {
        Manifests manifests = Manifests.parse("test", DEPLOYMENT.formatted("resources: {limit: {memory: 512Mi}}"));

        assertThat(StrictModel.unknownFields(manifests.resources.get(0)))
                .singleElement().asString()
                .contains(".spec.template.spec.containers[0].resources")
                .contains("limit");
    }

    @Test
    void aWrongTypeIsAProblemNamingTheDocument() {
        Manifests manifests = Manifests.parse("test", DEPLOYMENT.formatted("ports: [{containerPort: http}]"));

        assertThat(manifests.resources).isEmpty();
        assertThat(manifests.problems).singleElement().asString()
                .contains("document #1 (Deployment demo)")
                .contains("containerPort");
    }

    @Test
    void aMisspeltKindIsNotATypedResource() {
        Manifests manifests = Manifests.parse("test", """
                apiVersion: v1
                kind: Servce
                metadata: {name: demo}
                """);

        assertThat(manifests.resources).singleElement().isInstanceOf(GenericKubernetesResource.class);
        assertThat(manifests.all(Deployment.class)).isEmpty();
    }
}
