package cn.ebike.common.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The architecture rules every module keeps, written once (common's test jar); each module's architecture test
 * applies them to its own classes and adds what is its own. {@code module} is the package under {@code cn.ebike}:
 * registration, tradein, subsidy, gateway or common. {@code ArchitectureRulesTest} shows each rule can fail.
 */
public final class ArchitectureRules {

    /** The modules whose code no other module may use (common is shared by all, so it is not one of them). */
    static final List<String> SERVICES = List.of("registration", "tradein", "subsidy", "gateway");

    private ArchitectureRules() {
    }

    /** The module's main classes (tests left out). */
    public static JavaClasses mainClasses(String module) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root(module));
    }

    static String root(String module) {
        return "cn.ebike." + module;
    }

    /** Beans take their dependencies through one constructor into final fields. */
    public static ArchRule constructorInjection() {
        // qualifiers such as @ConfigProperty or @RestClient inject a field even without @Inject
        return noFields()
                .should().beAnnotatedWith("jakarta.inject.Inject")
                .orShould().beAnnotatedWith("org.eclipse.microprofile.config.inject.ConfigProperty")
                .orShould().beAnnotatedWith("org.eclipse.microprofile.rest.client.inject.RestClient")
                .because("beans take their dependencies through one constructor into final fields (one injection style)");
    }

    /** No class of another service (for common: of any service). */
    public static ArchRule noOtherServicesClasses(String module) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(module)).map(s -> root(s) + "..").toArray(String[]::new);
        return noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                .because("common".equals(module) ? "common holds mechanisms every service shares, never a feature's code"
                        : "services share mechanisms through common and data through their APIs");
    }

    /** The module's packages depend on each other in one direction only. */
    public static ArchRule packagesFreeOfCycles(String module, String because) {
        return slices().matching(root(module) + ".(*)..").should().beFreeOfCycles().because(because);
    }

    /** {@code @ConfigMapping}s live in {@code <module>.config} and are named {@code …Config}. */
    public static ArchRule configMappingsInTheConfigPackage(String module) {
        return classes().that().areAnnotatedWith("io.smallrye.config.ConfigMapping")
                .should().resideInAPackage(root(module) + ".config")
                .andShould().haveSimpleNameEndingWith("Config")
                .because("every service keeps its @ConfigMapping in the same place, <service>.config.<Service>Config");
    }

    /** {@code <module>.config} uses nothing else of the module: every feature may read it. */
    public static ArchRule configAtTheBottom(String module) {
        return noClasses().that().resideInAPackage(root(module) + ".config..").should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage(root(module) + "..")
                        .and(JavaClass.Predicates.resideOutsideOfPackage(root(module) + ".config..")))
                .because("config is the bottom of the service: every feature may read it");
    }

    /** No class in the module's root package, where the cycle rule cannot see it. */
    public static ArchRule noClassInTheRootPackage(String module) {
        return noClasses().should().resideInAPackage(root(module))
                .because("the cycle rule sees only the module's packages; a class in the root package escapes it");
    }
}
