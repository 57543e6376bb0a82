package io.vnode.reconciler.adapter.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KubePodGatewayTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"42\"},\"spec\":{}}|42",
            "{\"metadata\":{\"labels\":{\"resourceVersion\":\"no\"},\"annotations\":{\"x\":\"{}\"},\"resourceVersion\":\"7\"}}|7",
            "{\"spec\":{\"metadata\":{\"resourceVersion\":\"no\"}},\"metadata\":{\"resourceVersion\":\"9\"}}|9",
            "{\"metadata\":{\"name\":\"a\"}}|null",
            "[]|null",
    })
    void resourceVersionIsReadFromTheObjectsOwnMetadata(String body, String expected) {
        assertThat(KubePodGateway.resourceVersionOf(body)).isEqualTo(expected);
    }

    @Test
    void theStoredCopyCarriesTheWrittenFieldsAndTheNewVersionAndLeavesTheBaseAlone() {
        Pod base = new PodBuilder().withNewMetadata().withName("p").withUid("u").withResourceVersion("1")
                .addToAnnotations("a", "1").endMetadata().withNewSpec().withNodeName("vk").endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build();
        Pod stored = KubePodGateway.stored(base, Map.of("a", "1", "b", "2"),
                new PodStatusBuilder().withPhase("Running").build(), "5");
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("5");
        assertThat(stored.getMetadata().getAnnotations()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
        assertThat(stored.getSpec().getNodeName()).isEqualTo("vk");
        assertThat(stored.getMetadata().getUid()).isEqualTo("u");
        assertThat(base.getMetadata().getResourceVersion()).isEqualTo("1");
        assertThat(base.getMetadata().getAnnotations()).containsOnlyKeys("a");
        assertThat(base.getStatus().getPhase()).isEqualTo("Pending");
    }
}
