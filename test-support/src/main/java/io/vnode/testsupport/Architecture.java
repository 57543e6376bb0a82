package io.vnode.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house rules every service enforces ({@link #assertLayered}): {@code config -> adapter -> app -> domain}.
 * The domain may use only java.*, the contracts and the fabric8 model (an allowlist, as Strimzi keeps
 * its model free of I/O); {@code app} declares the ports that adapters implement and never imports an
 * adapter or the configuration.
 */
public final class Architecture {

    private Architecture() {
    }

    /** Both rules below: the domain's allowlist and app's independence from adapters and config. */
    public static void assertLayered(String rootPackage) {
        JavaClasses classes = importMain(rootPackage);
        domainUsesOnlyItsAllowlist(rootPackage, classes);
        appNeverImportsAdaptersOrConfig(rootPackage, classes);
    }

    /** The domain depends only on java.*, contracts, the fabric8 model and itself. */
    public static void domainUsesOnlyItsAllowlist(String rootPackage, JavaClasses classes) {
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith(rootPackage + ".domain")))
                .as("%s.domain holds the service's pure logic", rootPackage)
                .isNotEmpty();
        classes().that().resideInAPackage(rootPackage + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "java..",
                        "io.vnode.contracts..",
                        "io.fabric8.kubernetes.api.model..",
                        rootPackage + ".domain..")
                .because("the domain is pure logic on the product's own types; every socket and wire format is an adapter's")
                .check(classes);
    }

    /** {@code app} reaches the world only through the ports it declares. */
    public static void appNeverImportsAdaptersOrConfig(String rootPackage, JavaClasses classes) {
        noClasses().that().resideInAPackage(rootPackage + ".app..")
                .should().dependOnClassesThat().resideInAnyPackage(rootPackage + ".adapter..", rootPackage + ".config..")
                .because("app declares ports that adapters implement; config wires them")
                .check(classes);
    }

    static JavaClasses importMain(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }
}
