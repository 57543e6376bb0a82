package io.vnode.translator;

import io.vnode.testsupport.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void domainUsesOnlyItsAllowlistAndAppOnlyItsPorts() {
        Architecture.assertLayered("io.vnode.translator");
    }
}
