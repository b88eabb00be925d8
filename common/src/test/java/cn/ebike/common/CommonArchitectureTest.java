package cn.ebike.common;

import cn.ebike.common.testing.ArchitectureRules;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * {@code common} holds mechanisms only: it never reaches into a service, and its packages do not cycle. Its beans
 * take what they need through their constructor into final fields, as every service's do. The rules are the shared
 * ones of {@link ArchitectureRules} (this module's test jar), each shown to fail in {@code ArchitectureRulesTest}.
 */
class CommonArchitectureTest {

    private static final JavaClasses COMMON = ArchitectureRules.mainClasses("common");

    @Test
    void commonDependsOnNoServiceCode() {
        ArchitectureRules.noOtherServicesClasses("common").check(COMMON);
    }

    @Test
    void commonsPackagesAreFreeOfCycles() {
        ArchitectureRules.packagesFreeOfCycles("common", "a mechanism package that needs another and is needed by it "
                + "cannot be used alone").check(COMMON);
    }

    @Test
    void beansUseConstructorInjection() {
        ArchitectureRules.constructorInjection().check(COMMON);
    }
}
