package cn.ebike.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Each service owns its code: it talks to the others over HTTP, never through their classes. Inside the gateway
 * the packages depend on each other in one direction only: {@code config} and {@code redis} at the bottom, then
 * {@code token} (keys, issuing, verifying), then {@code session}, {@code dealerclient}, {@code owner},
 * {@code account}, and the edges ({@code proxy}, {@code stats}, {@code openapi}, {@code web}) on top. Where a lower
 * package needs something only a higher one knows (is this session revoked? is this a dealer's API client? what is
 * this account's role now?), it declares a small interface that the higher package implements.
 */
class GatewayArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.ebike.gateway");

    /** Qualifiers such as {@code @ConfigProperty} or {@code @RestClient} inject a field even without {@code @Inject}. */
    private static final ArchRule CONSTRUCTOR_INJECTION = noFields()
            .should().beAnnotatedWith(Inject.class)
            .orShould().beAnnotatedWith("org.eclipse.microprofile.config.inject.ConfigProperty")
            .orShould().beAnnotatedWith("org.eclipse.microprofile.rest.client.inject.RestClient")
            .because("beans take their dependencies through one constructor into final fields (one injection style)");

    private static final ArchRule NO_PACKAGE_CYCLES = slices().matching("cn.ebike.gateway.(*)..")
            .should().beFreeOfCycles()
            .because("a package that needs another's classes and is needed by it (account ↔ session, token ↔ session, "
                    + "token ↔ dealerclient) cannot be read, tested or moved alone");

    @Test
    void noOtherServicesClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("cn.ebike.registration..", "cn.ebike.tradein..", "cn.ebike.subsidy..")
                .because("services share mechanisms through common and data through their APIs")
                .check(CLASSES);
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
    void beansUseConstructorInjection() {
        CONSTRUCTOR_INJECTION.check(CLASSES);
    }

    /** The rule can fail: a test-only class with an injected field is reported. */
    @Test
    void theInjectionRuleSeesAnInjectedField() {
        EvaluationResult result = CONSTRUCTOR_INJECTION.evaluate(new ClassFileImporter().importClasses(FieldInjectionProbe.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("FieldInjectionProbe.anything"));
    }

    /** Test-only: injects a field, so {@link #theInjectionRuleSeesAnInjectedField()} has something to find. */
    static class FieldInjectionProbe {
        @Inject
        jakarta.enterprise.inject.Instance<Object> anything;
    }
}
