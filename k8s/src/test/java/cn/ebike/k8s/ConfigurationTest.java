package cn.ebike.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each service gets every configuration variable the contract names, secrets only from Secrets, key files
 * from mounted Secrets, and addresses that lead to the right Service.
 */
class ConfigurationTest {

    static final List<String> OVERLAYS = Rendered.OVERLAYS;

    /** Names whose values are credentials or key material (file locations are not). */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY)$|^REDIS_URL$");

    private static Container container(String overlay, SuiteService service) {
        return WorkloadTest.onlyContainer(template(overlay, service), service.deployment);
    }

    private static PodTemplateSpec template(String overlay, SuiteService service) {
        return Rendered.overlay(overlay).get(Deployment.class, service.deployment).getSpec().getTemplate();
    }

    private static Env env(String overlay, SuiteService service, String name) {
        return Env.of(container(overlay, service), name)
                .orElseGet(() -> fail(overlay + ": " + service.deployment + " lacks " + name + " (or sets it twice)"));
    }

    private static String value(String overlay, SuiteService service, String name) {
        return env(overlay, service, name).value(Rendered.overlay(overlay))
                .orElseGet(() -> fail(overlay + ": " + service.deployment + " " + name + " has no value in the output"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachServiceGetsEveryVariableItReads(String overlay) {
        for (SuiteService service : SuiteService.values()) {
            List<String> names = container(overlay, service).getEnv().stream().map(EnvVar::getName).toList();
            assertThat(names).as(service.deployment + " env").containsAll(service.requiredEnv()).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void credentialsAndKeysComeOnlyFromSecrets(String overlay) {
        Rendered.overlay(overlay).podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                for (EnvVar variable : container.getEnv()) {
                    if (SECRET_NAME.matcher(variable.getName()).matches()) {
                        assertThat(new Env(variable).fromSecret())
                                .as(workload + " " + variable.getName() + " must come from a secretKeyRef").isTrue();
                    }
                }
                assertThat(container.getEnvFrom()).as(workload + " envFrom hides what a container reads").isEmpty();
            }
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void keyFileLocationsPointAtMountedSecretFiles(String overlay) {
        for (SuiteService service : SuiteService.values()) {
            for (EnvVar variable : container(overlay, service).getEnv()) {
                if (variable.getName().endsWith("_LOCATION")) {
                    String secretFile = mountedSecretFile(overlay, service, variable.getValue());
                    assertThat(secretFile).as(service.deployment + " " + variable.getName()).isNotNull();
                }
            }
        }
    }

    /** "secret/key" of the Secret file a path inside the container comes from, or null. */
    private static String mountedSecretFile(String overlay, SuiteService service, String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        PodTemplateSpec template = template(overlay, service);
        for (VolumeMount mount : container(overlay, service).getVolumeMounts()) {
            String prefix = mount.getMountPath().endsWith("/") ? mount.getMountPath() : mount.getMountPath() + "/";
            if (!path.startsWith(prefix)) {
                continue;
            }
            String file = path.substring(prefix.length());
            Volume volume = template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                    .findFirst().orElse(null);
            if (volume == null || volume.getSecret() == null) {
                return null;
            }
            List<KeyToPath> items = volume.getSecret().getItems();
            if (items.isEmpty()) {
                return volume.getSecret().getSecretName() + "/" + file;
            }
            return items.stream().filter(i -> i.getPath().equals(file)).findFirst()
                    .map(i -> volume.getSecret().getSecretName() + "/" + i.getKey()).orElse(null);
        }
        return null;
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everySecretTheManifestsReadIsOneCreateSecretsMakes(String overlay) {
        Set<String> generated = new TreeSet<>();
        for (Secret secret : Rendered.generatedSecrets(overlay).all(Secret.class)) {
            secret.getData().keySet().forEach(key -> generated.add(secret.getMetadata().getName() + "/" + key));
            assertThat(secret.getMetadata().getNamespace()).isEqualTo("ebike");
        }
        Set<String> referenced = new TreeSet<>();
        Rendered.overlay(overlay).podTemplates().forEach((workload, template) -> {
            template.getSpec().getContainers().forEach(c -> c.getEnv().stream().map(Env::new).filter(Env::fromSecret)
                    .forEach(e -> referenced.add(e.secretRef())));
            for (Volume volume : template.getSpec().getVolumes()) {
                if (volume.getSecret() != null) {
                    assertThat(volume.getSecret().getItems())
                            .as(workload + " volume " + volume.getName() + " names the Secret keys it mounts").isNotEmpty();
                    volume.getSecret().getItems().forEach(i -> referenced.add(volume.getSecret().getSecretName() + "/" + i.getKey()));
                }
            }
        });

        assertThat(referenced).isNotEmpty();
        assertThat(generated).as("Secret keys create-secrets.sh " + overlay + " creates").containsAll(referenced);
        assertThat(referenced).as("keys create-secrets.sh makes that nothing reads").containsAll(generated);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesFindEachOtherThroughTheirServices(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        for (SuiteService caller : SuiteService.values()) {
            for (SuiteService target : SuiteService.values()) {
                String name = target.deployment.replace("-service", "").toUpperCase() + "_URL";
                if (Env.of(container(overlay, caller), name).isEmpty()) {
                    continue;
                }
                URI uri = URI.create(value(overlay, caller, name));
                assertThat(uri.getScheme()).isEqualTo("http");
                Service service = manifests.get(Service.class, uri.getHost());
                assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).as(caller.deployment + " " + name)
                        .contains(uri.getPort());
                assertThat(uri.getHost()).as(caller.deployment + " " + name).isEqualTo(target.deployment);
            }
            if (Env.of(container(overlay, caller), "SERVICE_TOKEN_URL").isPresent()) {
                assertThat(value(overlay, caller, "SERVICE_TOKEN_URL")).isEqualTo(SuiteService.GATEWAY.url() + "/api/auth/token");
            }
        }
        assertThat(value(overlay, SuiteService.TRADEIN, "REGISTRATION_URL")).isEqualTo(SuiteService.REGISTRATION.url());
        assertThat(value(overlay, SuiteService.SUBSIDY, "TRADEIN_URL")).isEqualTo(SuiteService.TRADEIN.url());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void eachServiceUsesItsOwnDatabaseAndRoleAndTheSharedTokenSettings(String overlay) {
        Set<String> databases = new HashSet<>();
        Set<String> issuers = new HashSet<>();
        Set<String> audiences = new HashSet<>();
        Set<String> passwords = new HashSet<>();
        for (SuiteService service : SuiteService.values()) {
            assertThat(value(overlay, service, "PORT")).isEqualTo(String.valueOf(service.port));
            assertThat(value(overlay, service, "DB_NAME")).isEqualTo(service.database);
            assertThat(value(overlay, service, "DB_USER")).as(service.deployment + " has its own role").isEqualTo(service.database);
            assertThat(value(overlay, service, "DB_PORT")).matches("\\d+");
            assertThat(value(overlay, service, "DB_HOST")).isNotBlank();
            databases.add(value(overlay, service, "DB_NAME"));
            issuers.add(value(overlay, service, "JWT_ISSUER"));
            audiences.add(value(overlay, service, "JWT_AUDIENCE"));
            passwords.add(env(overlay, service, "DB_PASSWORD").secretRef());
        }
        assertThat(databases).hasSize(4);
        assertThat(passwords).as("one database password per service").hasSize(4);
        assertThat(issuers).as("one JWT issuer for the whole suite").hasSize(1);
        assertThat(audiences).as("one JWT audience for the whole suite").hasSize(1);
        assertThat(value(overlay, SuiteService.GATEWAY, "SMS_ECHO")).as("SMS codes never echoed outside a demo").isEqualTo("false");
        assertThat(value(overlay, SuiteService.GATEWAY, "CORS_ORIGINS")).startsWith("http");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void devConnectsToItsOwnPostgresAndProdToAnExternalOne(String overlay) {
        Manifests manifests = Rendered.overlay(overlay);
        String host = value(overlay, SuiteService.REGISTRATION, "DB_HOST");
        int port = Integer.parseInt(value(overlay, SuiteService.REGISTRATION, "DB_PORT"));
        if (overlay.equals("dev")) {
            assertThat(host).isEqualTo("postgres");
            assertThat(manifests.get(Service.class, "postgres").getSpec().getPorts()).extracting(ServicePort::getPort).contains(port);
            assertThat(manifests.get(Service.class, "redis").getSpec().getPorts()).extracting(ServicePort::getPort).contains(6379);
        } else {
            assertThat(manifests.find(Service.class, host)).as("prod's database is not in the cluster").isEmpty();
            assertThat(host).contains(".");
        }
    }

    @Test
    void devPostgresCreatesEachServicesRoleWithThatServicesPassword() {
        String overlay = "dev";
        Container postgres = WorkloadTest.onlyContainer(
                Rendered.overlay(overlay).get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "postgres").getSpec().getTemplate(),
                "postgres");
        String script = Rendered.overlay(overlay).all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("postgres-initdb"))
                .findFirst().orElseThrow().getData().get("10-ebike-databases.sh");
        for (SuiteService service : SuiteService.values()) {
            String variable = service.deployment.replace("-service", "").toUpperCase() + "_DB_PASSWORD";
            assertThat(Env.of(postgres, variable)).as("postgres env " + variable).isPresent();
            assertThat(Env.of(postgres, variable).get().secretRef()).as("postgres " + variable)
                    .isEqualTo(env(overlay, service, "DB_PASSWORD").secretRef());
            assertThat(script).as("init script").contains("ensure_database " + service.database + " ")
                    .contains("${" + variable + ":-}");
        }
    }
}
