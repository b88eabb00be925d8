package cn.ebike.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Each service owns its code: it talks to the others over HTTP, never through their classes. */
class GatewayArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.ebike.gateway");

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
}
