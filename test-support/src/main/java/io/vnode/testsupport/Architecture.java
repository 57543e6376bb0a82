package io.vnode.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house rule every service enforces: its {@code <root>.domain} package is pure (java.*,
 * contracts, fabric8 model classes) and never imports Spring, the fabric8 client, Kafka, Reactor
 * Kafka or the cloud SDK. Strimzi keeps its model free of I/O the same way.
 */
public final class Architecture {

    private Architecture() {
    }

    public static void assertDomainIsPure(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        String domain = rootPackage + ".domain..";
        assertThat(classes.stream().filter(c -> c.getPackageName().startsWith(rootPackage + ".domain")))
                .as("%s.domain holds the service's pure logic", rootPackage)
                .isNotEmpty();
        noClasses().that().resideInAPackage(domain)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..",
                        "io.fabric8.kubernetes.client..",
                        "org.apache.kafka..",
                        "reactor.kafka..",
                        "com.aliyuncs..",
                        "com.aliyun..")
                .because("the domain is pure logic; I/O lives in adapters")
                .check(classes);
    }
}
