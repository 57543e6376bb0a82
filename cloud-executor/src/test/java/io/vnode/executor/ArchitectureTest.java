package io.vnode.executor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vnode.testsupport.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vnode.executor");

    @Test
    void domainUsesOnlyItsAllowlistAndAppOnlyItsPorts() {
        Architecture.assertLayered("io.vnode.executor");
    }

    @Test
    void domainKnowsNoOtherLayer() {
        noClasses().that().resideInAPackage("io.vnode.executor.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnode.executor.app..",
                        "io.vnode.executor.adapter..", "io.vnode.executor.config..")
                .check(CLASSES);
    }

    @Test
    void appSpeaksToTheWorldOnlyThroughItsPorts() {
        noClasses().that().resideInAPackage("io.vnode.executor.app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vnode.executor.adapter..",
                        "io.vnode.executor.config..", "io.fabric8.kubernetes.client..", "org.apache.kafka..",
                        "org.springframework.kafka..", "org.springframework.messaging..", "com.aliyuncs..",
                        "reactor..")
                .because("app declares ports that adapters implement; config wires them")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotReachIntoTheConfiguration() {
        noClasses().that().resideInAPackage("io.vnode.executor.adapter..")
                .should().dependOnClassesThat().resideInAPackage("io.vnode.executor.config..")
                .check(CLASSES);
    }
}
