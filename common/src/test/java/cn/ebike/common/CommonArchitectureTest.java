package cn.ebike.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** {@code common} holds mechanisms only: it never reaches into a service, and its packages do not cycle. */
class CommonArchitectureTest {

    private static final JavaClasses COMMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.ebike.common");

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
}
