package cn.ebike.common;

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
 * {@code common} holds mechanisms only: it never reaches into a service, and its packages do not cycle. Its beans
 * take what they need through their constructor into final fields, as every service's do.
 */
class CommonArchitectureTest {

    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.ebike.common");

    /** Qualifiers such as {@code @ConfigProperty} inject a field even without {@code @Inject}. */
    static final ArchRule CONSTRUCTOR_INJECTION = noFields()
            .should().beAnnotatedWith(Inject.class)
            .orShould().beAnnotatedWith("org.eclipse.microprofile.config.inject.ConfigProperty")
            .orShould().beAnnotatedWith("org.eclipse.microprofile.rest.client.inject.RestClient")
            .because("beans take their dependencies through one constructor into final fields (one injection style)");

    @Test
    void commonDependsOnNoServiceCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "cn.ebike.registration..", "cn.ebike.tradein..", "cn.ebike.subsidy..", "cn.ebike.gateway..")
                .because("common holds mechanisms every service shares, never a feature's code")
                .check(COMMON);
    }

    @Test
    void commonsPackagesAreFreeOfCycles() {
        slices().matching("cn.ebike.common.(*)..").should().beFreeOfCycles().check(COMMON);
    }

    @Test
    void beansUseConstructorInjection() {
        CONSTRUCTOR_INJECTION.check(COMMON);
    }

    /** The rule can fail: a test-only class with an injected field is reported. */
    @Test
    void theInjectionRuleSeesAnInjectedField() {
        EvaluationResult result = CONSTRUCTOR_INJECTION.evaluate(new ClassFileImporter().importClasses(FieldInjectionProbe.class));
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("FieldInjectionProbe.caller"));
    }

    /** Test-only: injects a field, so {@link #theInjectionRuleSeesAnInjectedField()} has something to find. */
    static class FieldInjectionProbe {
        @Inject
        jakarta.enterprise.inject.Instance<Object> caller;
    }
}
