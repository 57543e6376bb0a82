package io.vnode.agent;

import io.vnode.testsupport.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void domainImportsNoSpringNoClientNoKafkaNoCloudSdk() {
        Architecture.assertDomainIsPure("io.vnode.agent");
    }
}
