package io.vnode.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    /**
     * A plain jar every service and every consumer can take: records, constants, JSON, and the logging
     * facade (TraceLogging's MDC); no framework.
     */
    @Test
    void contractsUseOnlyTheJdkJacksonAndTheLoggingFacade() {
        classes().that().resideInAPackage("io.vnode.contracts..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.vnode.contracts..", "tools.jackson..",
                        "com.fasterxml.jackson.annotation..", "org.slf4j")
                .because("contracts is a plain jar: no Spring, no Kafka, no Kubernetes client")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.vnode.contracts"));
    }
}
