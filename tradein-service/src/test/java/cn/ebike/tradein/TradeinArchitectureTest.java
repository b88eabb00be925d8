package cn.ebike.tradein;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.smallrye.config.ConfigMapping;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Each service owns its code: it talks to the others over HTTP, never through their classes; inside it, the
 * feature packages depend on each other in one direction only.
 */
class TradeinArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.ebike.tradein");

    /** Qualifiers such as {@code @ConfigProperty} or {@code @RestClient} inject a field even without {@code @Inject}. */
    private static final ArchRule CONSTRUCTOR_INJECTION = noFields()
            .should().beAnnotatedWith(Inject.class)
            .orShould().beAnnotatedWith("org.eclipse.microprofile.config.inject.ConfigProperty")
            .orShould().beAnnotatedWith("org.eclipse.microprofile.rest.client.inject.RestClient")
            .because("beans take their dependencies through one constructor into final fields (one injection style)");

    @Test
    void noOtherServicesClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("cn.ebike.registration..", "cn.ebike.subsidy..", "cn.ebike.gateway..")
                .because("services share mechanisms through common and data through their APIs")
                .check(CLASSES);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("cn.ebike.tradein.(*)..").should().beFreeOfCycles()
                .because("a feature package that needs another's classes and is needed by it cannot be read, tested "
                        + "or moved alone; a small interface in the needing package cuts such a cycle")
                .check(CLASSES);
    }

    @Test
    void typedSettingsLiveInTheConfigPackage() {
        classes().that().areAnnotatedWith(ConfigMapping.class).should().resideInAPackage("cn.ebike.tradein.config")
                .andShould().haveSimpleNameEndingWith("Config")
                .because("every service keeps its @ConfigMapping in the same place, <service>.config.<Service>Config")
                .check(CLASSES);
    }

    @Test
    void configDependsOnNothingElseOfTheService() {
        noClasses().that().resideInAPackage("cn.ebike.tradein.config..").should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage("cn.ebike.tradein..")
                        .and(JavaClass.Predicates.resideOutsideOfPackage("cn.ebike.tradein.config..")))
                .because("config is the bottom of the service: every feature may read it")
                .check(CLASSES);
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
