package cn.ebike.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.testing.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Each service owns its code: it talks to the others over HTTP, never through their classes. Inside the gateway
 * the packages depend on each other in one direction only: {@code config} and {@code redis} at the bottom, then
 * {@code token} (keys, issuing, verifying), then {@code session}, {@code dealerclient}, {@code owner},
 * {@code account}, and the edges ({@code proxy}, {@code stats}, {@code openapi}, {@code web}) on top. Where a lower
 * package needs something only a higher one knows (is this session revoked? is this a dealer's API client? what is
 * this account's role now?), it declares a small interface that the higher package implements.
 * The shared rules are common's {@link ArchitectureRules} (common's test jar), each shown to fail in common's
 * {@code ArchitectureRulesTest}.
 */
class GatewayArchitectureTest {

    private static final JavaClasses CLASSES = ArchitectureRules.mainClasses("gateway");

    private static final ArchRule NO_PACKAGE_CYCLES = ArchitectureRules.packagesFreeOfCycles("gateway",
            "a package that needs another's classes and is needed by it (account ↔ session, token ↔ session, "
                    + "token ↔ dealerclient) cannot be read, tested or moved alone");

    @Test
    void noOtherServicesClasses() {
        ArchitectureRules.noOtherServicesClasses("gateway").check(CLASSES);
    }

    @Test
    void noVertxInternals() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.vertx..impl..")
                .because("internal classes change without notice between Vert.x releases")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        NO_PACKAGE_CYCLES.check(CLASSES);
    }

    /**
     * The rule can fail: the test-only {@code config.ConfigToTokenProbe} (config → token, while token reads its
     * settings from config: token → config) closes a cycle it must report.
     */
    @Test
    void theCycleRuleSeesACycle() {
        JavaClasses withCycle = new ClassFileImporter().importPackages("cn.ebike.gateway.config", "cn.ebike.gateway.token");
        assertThat(withCycle.contain("cn.ebike.gateway.config.ConfigToTokenProbe")).isTrue();
        EvaluationResult result = NO_PACKAGE_CYCLES.evaluate(withCycle);
        assertThat(result.hasViolation()).as("a config → token → config cycle is reported").isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("config") && d.contains("token"));
    }

    @Test
    void typedSettingsLiveInTheConfigPackage() {
        ArchitectureRules.configMappingsInTheConfigPackage("gateway").check(CLASSES);
    }

    @Test
    void everyClassBelongsToAPackageOfTheService() {
        ArchitectureRules.noClassInTheRootPackage("gateway").check(CLASSES);
    }

    @Test
    void beansUseConstructorInjection() {
        ArchitectureRules.constructorInjection().check(CLASSES);
    }
}
