package cn.ebike.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** Each shared rule reports a violation when there is one (the modules' tests only see them pass). */
class ArchitectureRulesTest {

    private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
        return rule.evaluate(new ClassFileImporter().importClasses(classes));
    }

    @Test
    void anInjectedFieldIsReported() {
        EvaluationResult result = evaluate(ArchitectureRules.constructorInjection(), FieldInjectionProbe.class);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("FieldInjectionProbe.anything"));
        assertThat(evaluate(ArchitectureRules.constructorInjection(), ConstructorInjectionProbe.class).hasViolation())
                .as("constructor injection passes").isFalse();
    }

    @Test
    void anotherServicesClassIsReportedAndCommonIsAllowed() {
        // common's own classes may be used by every module; another service's may not
        assertThat(evaluate(ArchitectureRules.noOtherServicesClasses("tradein"), UsesCommon.class).hasViolation()).isFalse();
        assertThat(ArchitectureRules.noOtherServicesClasses("tradein").getDescription())
                .contains("cn.ebike.registration..", "cn.ebike.subsidy..", "cn.ebike.gateway..")
                .doesNotContain("cn.ebike.tradein..");
        assertThat(ArchitectureRules.noOtherServicesClasses("common").getDescription())
                .contains("cn.ebike.registration..", "cn.ebike.tradein..", "cn.ebike.subsidy..", "cn.ebike.gateway..");
    }

    @Test
    void aCycleBetweenPackagesIsReported() {
        EvaluationResult result = ArchitectureRules.packagesFreeOfCycles("common.archprobe", "probe")
                .evaluate(new ClassFileImporter().importPackages("cn.ebike.common.archprobe"));
        assertThat(result.hasViolation()).as("archprobe.a ↔ archprobe.b").isTrue();
    }

    @Test
    void aClassInTheRootPackageIsReported() {
        ArchRule rule = ArchitectureRules.noClassInTheRootPackage("common.archprobe");
        assertThat(evaluate(rule, cn.ebike.common.archprobe.InTheRoot.class).hasViolation()).isTrue();
        assertThat(evaluate(rule, cn.ebike.common.archprobe.a.NeedsB.class).hasViolation()).isFalse();
    }

    static class FieldInjectionProbe {
        @jakarta.inject.Inject
        jakarta.enterprise.inject.Instance<Object> anything;
    }

    static class ConstructorInjectionProbe {
        private final Object anything;

        ConstructorInjectionProbe(Object anything) {
            this.anything = anything;
        }

        Object anything() {
            return anything;
        }
    }

    static class UsesCommon {
        String masked() {
            return cn.ebike.common.masking.Masking.class.getSimpleName();
        }
    }
}
