package cn.ebike.subsidy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import cn.ebike.common.testing.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Each service owns its code: it talks to the others over HTTP, never through their classes. Inside, the
 * feature packages form no cycle: a claim is decided against campaigns (claim → campaign), payouts and wallets
 * serve grants (payout, wallet → claim), reconciliation and figures read all of them, and {@code common} and
 * {@code config} depend on no feature. The shared rules are common's {@link ArchitectureRules} (common's test jar),
 * each shown to fail in common's {@code ArchitectureRulesTest}.
 */
class SubsidyArchitectureTest {

    private static final JavaClasses CLASSES = ArchitectureRules.mainClasses("subsidy");

    private static final ArchRule NO_PACKAGE_CYCLES = ArchitectureRules.packagesFreeOfCycles("subsidy",
            "package cycles (campaign ↔ claim, claim ↔ payout/wallet, …) make every feature depend on all others");

    @Test
    void noOtherServicesClasses() {
        ArchitectureRules.noOtherServicesClasses("subsidy").check(CLASSES);
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
        ArchitectureRules.configMappingsInTheConfigPackage("subsidy").check(CLASSES);
    }

    @Test
    void everyClassBelongsToAPackageOfTheService() {
        ArchitectureRules.noClassInTheRootPackage("subsidy").check(CLASSES);
    }

    @Test
    void beansUseConstructorInjection() {
        ArchitectureRules.constructorInjection().check(CLASSES);
    }
}
