package cn.ebike.subsidy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.smallrye.config.ConfigMapping;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Each service owns its code: it talks to the others over HTTP, never through their classes. Inside, the
 * feature packages form no cycle: a claim is decided against campaigns (claim → campaign), payouts and wallets
 * serve grants (payout, wallet → claim), reconciliation and figures read all of them, and {@code common} and
 * {@code config} depend on no feature.
 */
class SubsidyArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.ebike.subsidy");

    /** Qualifiers such as {@code @ConfigProperty} or {@code @RestClient} inject a field even without {@code @Inject}. */
    private static final ArchRule CONSTRUCTOR_INJECTION = noFields()
            .should().beAnnotatedWith(Inject.class)
            .orShould().beAnnotatedWith("org.eclipse.microprofile.config.inject.ConfigProperty")
            .orShould().beAnnotatedWith("org.eclipse.microprofile.rest.client.inject.RestClient")
            .because("beans take their dependencies through one constructor into final fields (one injection style)");

    private static final ArchRule NO_PACKAGE_CYCLES = slices().matching("cn.ebike.subsidy.(*)..")
            .should().beFreeOfCycles()
            .because("package cycles (campaign ↔ claim, claim ↔ payout/wallet, …) make every feature depend on all others");

    @Test
    void noOtherServicesClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("cn.ebike.registration..", "cn.ebike.tradein..", "cn.ebike.gateway..")
                .because("services share mechanisms through common and data through their APIs")
                .check(CLASSES);
    }

    @Test
    void featurePackagesFormNoCycle() {
        NO_PACKAGE_CYCLES.check(CLASSES);
    }

    /**
     * The rule can fail: claim and config with the test-only {@code config.ConfigToClaimProbe} (config → claim,
     * while claim's decision rounds read the quota settings: claim → config) make a cycle it reports.
     */
    @Test
    void theCycleRuleSeesACycle() {
        JavaClasses withCycle = new ClassFileImporter().importPackages("cn.ebike.subsidy.claim", "cn.ebike.subsidy.config");
        assertThat(withCycle.contain("cn.ebike.subsidy.config.ConfigToClaimProbe")).isTrue();
        EvaluationResult result = NO_PACKAGE_CYCLES.evaluate(withCycle);
        assertThat(result.hasViolation()).as("a config → claim → config cycle is reported").isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("claim") && d.contains("config"));
    }

    @Test
    void commonAndConfigDependOnNoFeature() {
        noClasses().that().resideInAnyPackage("cn.ebike.subsidy.common..", "cn.ebike.subsidy.config..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.ebike.subsidy.audit..", "cn.ebike.subsidy.campaign..",
                        "cn.ebike.subsidy.claim..", "cn.ebike.subsidy.client..", "cn.ebike.subsidy.figures..",
                        "cn.ebike.subsidy.payout..", "cn.ebike.subsidy.quota..", "cn.ebike.subsidy.reconciliation..",
                        "cn.ebike.subsidy.wallet..")
                .because("common and config are the bottom of the service: every feature may use them")
                .check(CLASSES);
    }

    @Test
    void typedSettingsLiveInTheConfigPackage() {
        classes().that().areAnnotatedWith(ConfigMapping.class).should().resideInAPackage("cn.ebike.subsidy.config")
                .andShould().haveSimpleNameEndingWith("Config")
                .because("every service keeps its @ConfigMapping in the same place, <service>.config.<Service>Config")
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
