package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The four Deployments: names, probes, resources, hardening, images, Services, metrics. */
class WorkloadTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024L);

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void exactlyTheFourServicesAreDeployments(String overlay) {
        assertThat(Rendered.overlay(overlay).all(Deployment.class))
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SuiteService.deploymentNames());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyDevRunsItsOwnPostgresAndRedis(String overlay) {
        List<String> statefulSets = Rendered.overlay(overlay).all(StatefulSet.class).stream()
                .map(s -> s.getMetadata().getName()).toList();

        if (overlay.equals("dev")) {
            assertThat(statefulSets).containsExactlyInAnyOrder("postgres", "redis");
            Rendered.overlay(overlay).all(StatefulSet.class).forEach(s -> {
                assertThat(s.getSpec().getReplicas()).isEqualTo(1);
                assertThat(s.getSpec().getVolumeClaimTemplates()).as(s.getMetadata().getName() + " PVC").hasSize(1);
            });
        } else {
            assertThat(statefulSets).as("prod uses managed PostgreSQL and Redis").isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachServiceContainerServesItsPortWithHealthProbes(String overlay) {
        for (SuiteService service : SuiteService.values()) {
            Deployment deployment = Rendered.overlay(overlay).get(Deployment.class, service.deployment);
            Container container = onlyContainer(deployment.getSpec().getTemplate(), service.deployment);

            assertThat(deployment.getSpec().getSelector().getMatchLabels()).as(service.deployment + " selector").isNotEmpty();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as(service.deployment + " pod labels")
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
            assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(service.port);

            assertHttpProbe(container, container.getStartupProbe(), "startup", List.of("/q/health/started", "/q/health/live"));
            assertHttpProbe(container, container.getReadinessProbe(), "readiness", List.of("/q/health/ready"));
            assertHttpProbe(container, container.getLivenessProbe(), "liveness", List.of("/q/health/live"));
            assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
                    .as(service.deployment + ": seconds the startup probe waits for Flyway and the JVM")
                    .isBetween(60, 300);
        }
    }

    private static void assertHttpProbe(Container container, Probe probe, String kind, List<String> paths) {
        assertThat(probe).as(container.getName() + " " + kind + " probe").isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(container.getName() + " " + kind + " probe is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(container.getName() + " " + kind + " probe path").isIn(paths);
        assertThat(resolvePort(container, get.getPort()))
                .as(container.getName() + " " + kind + " probe port").isEqualTo(container.getPorts().get(0).getContainerPort());
    }

    private static Integer resolvePort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerHasRequestsAndLimitsThatFitAJvm(String overlay) {
        Rendered.overlay(overlay).podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                String what = workload + " container " + container.getName();
                Map<String, Quantity> requests = container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources().getLimits();
                assertThat(requests).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(limits).as(what + " limits").containsKeys("cpu", "memory");
                assertThat(amount(requests.get("cpu"))).as(what + " cpu request <= limit")
                        .isLessThanOrEqualTo(amount(limits.get("cpu")));
                assertThat(amount(requests.get("memory"))).as(what + " memory request <= limit")
                        .isLessThanOrEqualTo(amount(limits.get("memory")));
            }
        });
        for (String name : SuiteService.deploymentNames()) {
            Container container = onlyContainer(Rendered.overlay(overlay).get(Deployment.class, name).getSpec().getTemplate(), name);
            BigDecimal memoryMib = amount(container.getResources().getLimits().get("memory")).divide(MIB);
            assertThat(memoryMib).as(name + " memory limit in MiB (a JVM service needs 256-1024)")
                    .isBetween(BigDecimal.valueOf(256), BigDecimal.valueOf(1024));
            assertThat(container.getEnv()).as(name + " sizes its heap from the limit")
                    .anyMatch(e -> e.getName().equals("JAVA_MAX_MEM_RATIO"));
        }
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyPodMeetsTheRestrictedSecurityProfile(String overlay) {
        Rendered.overlay(overlay).podTemplates().forEach((workload, template) -> {
            PodSpec pod = template.getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity).as(workload + " pod securityContext").isNotNull();
            assertThat(podSecurity.getRunAsNonRoot()).as(workload + " runAsNonRoot").isTrue();
            assertThat(podSecurity.getRunAsUser()).as(workload + " runAsUser").isNotNull().isPositive();
            assertThat(podSecurity.getSeccompProfile().getType()).as(workload + " seccomp").isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(workload + " automountServiceAccountToken").isFalse();
            assertThat(pod.getHostNetwork()).as(workload + " hostNetwork").isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).as(workload + " hostPID").isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostIPC()).as(workload + " hostIPC").isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getVolumes()).as(workload + " hostPath volumes").noneMatch(v -> v.getHostPath() != null);

            List<Container> containers = new java.util.ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            for (Container container : containers) {
                String what = workload + " container " + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as(what + " securityContext").isNotNull();
                assertThat(security.getRunAsNonRoot()).as(what + " runAsNonRoot").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(what + " allowPrivilegeEscalation").isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(what + " readOnlyRootFilesystem").isTrue();
                assertThat(security.getPrivileged()).as(what + " privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(security.getCapabilities().getDrop()).as(what + " dropped capabilities").containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(what + " added capabilities").isEmpty();
                assertThat(security.getSeccompProfile().getType()).as(what + " seccomp").isEqualTo("RuntimeDefault");
            }
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theServicesWriteOnlyToAnEmptyDirAtTmp(String overlay) {
        for (String name : SuiteService.deploymentNames()) {
            PodTemplateSpec template = Rendered.overlay(overlay).get(Deployment.class, name).getSpec().getTemplate();
            VolumeMount tmp = onlyContainer(template, name).getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElse(null);
            assertThat(tmp).as(name + " mounts /tmp").isNotNull();
            Volume volume = template.getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
            assertThat(volume.getEmptyDir()).as(name + " /tmp is an emptyDir").isNotNull();
            assertThat(volume.getEmptyDir().getSizeLimit()).as(name + " /tmp has a size limit").isNotNull();
            onlyContainer(template, name).getVolumeMounts().stream().filter(m -> !m.getMountPath().equals("/tmp"))
                    .forEach(m -> assertThat(m.getReadOnly()).as(name + " mount " + m.getMountPath() + " read-only").isTrue());
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theServicesRunUnderTheirOwnServiceAccountWithoutAToken(String overlay) {
        for (String name : SuiteService.deploymentNames()) {
            PodSpec pod = Rendered.overlay(overlay).get(Deployment.class, name).getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo(name);
            ServiceAccount account = Rendered.overlay(overlay).get(ServiceAccount.class, name);
            assertThat(account.getAutomountServiceAccountToken()).as(name + " ServiceAccount automount").isFalse();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void imagesComeFromTheKustomizeImagesEntryWithAFixedTag(String overlay) {
        Rendered.overlay(overlay).podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                String image = container.getImage();
                String afterLastSlash = image.substring(image.lastIndexOf('/') + 1);
                assertThat(afterLastSlash).as(workload + " image " + image + " has a tag or digest").containsAnyOf(":", "@");
                assertThat(image).as(workload + " image " + image).doesNotEndWith(":latest");
            }
        });
        for (String name : SuiteService.deploymentNames()) {
            String image = onlyContainer(Rendered.overlay(overlay).get(Deployment.class, name).getSpec().getTemplate(), name).getImage();
            assertThat(image).as(name + " image").contains("ebike/" + name + ":");
            if (overlay.equals("prod")) {
                assertThat(image).as(name + " prod image comes from a registry").matches("[a-z0-9.-]+\\.[a-z]+(:\\d+)?/.+")
                        .doesNotContain("SNAPSHOT");
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachDeploymentHasAServiceOnItsPortSelectingOnlyItsPods(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        for (SuiteService suiteService : SuiteService.values()) {
            Service service = manifests.get(Service.class, suiteService.deployment);
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(suiteService.port);

            for (Deployment deployment : manifests.all(Deployment.class)) {
                boolean selects = deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
                assertThat(selects).as("Service " + suiteService.deployment + " selects Deployment " + deployment.getMetadata().getName())
                        .isEqualTo(deployment.getMetadata().getName().equals(suiteService.deployment));
            }
            Container container = onlyContainer(manifests.get(Deployment.class, suiteService.deployment).getSpec().getTemplate(),
                    suiteService.deployment);
            assertThat(resolvePort(container, service.getSpec().getPorts().get(0).getTargetPort()))
                    .as(suiteService.deployment + " Service targetPort").isEqualTo(suiteService.port);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void prometheusScrapesEachServicesMetrics(String overlay) {
        for (SuiteService service : SuiteService.values()) {
            Map<String, String> annotations = Rendered.overlay(overlay).get(Deployment.class, service.deployment)
                    .getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).as(service.deployment + " pod annotations")
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(service.port))
                    .containsEntry("prometheus.io/path", "/q/metrics");
        }
    }

    static Container onlyContainer(PodTemplateSpec template, String name) {
        List<Container> containers = template.getSpec().getContainers();
        assertThat(containers).as(name + " containers").hasSize(1);
        Container container = containers.get(0);
        assertThat(container.getName()).as(name + " container name").isEqualTo(name);
        return Objects.requireNonNull(container);
    }
}
