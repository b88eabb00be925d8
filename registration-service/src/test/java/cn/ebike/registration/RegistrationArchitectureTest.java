package cn.ebike.registration;

import cn.ebike.common.testing.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * Each service owns its code: it talks to the others over HTTP, never through their classes; inside it, the
 * feature packages depend on each other in one direction only. The rules are common's shared
 * {@link ArchitectureRules} (common's test jar), each shown to fail in common's {@code ArchitectureRulesTest}.
 */
class RegistrationArchitectureTest {

    private static final JavaClasses CLASSES = ArchitectureRules.mainClasses("registration");

    @Test
    void noOtherServicesClasses() {
        ArchitectureRules.noOtherServicesClasses("registration").check(CLASSES);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        ArchitectureRules.packagesFreeOfCycles("registration", "a feature package that needs another's classes and is "
                + "needed by it cannot be read, tested or moved alone; a small interface in the needing package cuts "
                + "such a cycle").check(CLASSES);
    }

    @Test
    void typedSettingsLiveInTheConfigPackage() {
        ArchitectureRules.configMappingsInTheConfigPackage("registration").check(CLASSES);
    }

    @Test
    void configDependsOnNothingElseOfTheService() {
        ArchitectureRules.configAtTheBottom("registration").check(CLASSES);
    }

    @Test
    void everyClassBelongsToAPackageOfTheService() {
        ArchitectureRules.noClassInTheRootPackage("registration").check(CLASSES);
    }

    @Test
    void beansUseConstructorInjection() {
        ArchitectureRules.constructorInjection().check(CLASSES);
    }
}
