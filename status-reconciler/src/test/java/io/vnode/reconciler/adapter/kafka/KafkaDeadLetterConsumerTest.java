package io.vnode.reconciler.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.reconciler.domain.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A dead letter is read as far as it can be: the value may be any bytes. */
class KafkaDeadLetterConsumerTest {

    static Stream<Arguments> values() {
        String pod = "\"pod\":{\"namespace\":\"ns\",\"name\":\"web-0\",\"uid\":\"u-1\"}";
        return Stream.of(
                Arguments.of("valid event", "{\"type\":\"pod.bound.v1\"," + pod + "}", "u-1", "ns", "web-0", "u-1", "pod.bound.v1"),
                Arguments.of("event missing fields", "{" + pod + ",\"sequence\":\"x\"}", "u-1", "ns", "web-0", "u-1", null),
                Arguments.of("no key: uid from the value", "{" + pod + "}", null, "ns", "web-0", "u-1", null),
                Arguments.of("pod null", "{\"type\":\"pod.bound.v1\",\"pod\":null}", "u-1", null, null, "u-1", "pod.bound.v1"),
                Arguments.of("pod a string", "{\"pod\":\"ns/web-0\"}", "u-1", null, null, "u-1", null),
                Arguments.of("name a number", "{\"pod\":{\"namespace\":\"ns\",\"name\":7}}", "u-1", "ns", null, "u-1", null),
                Arguments.of("not JSON", "{not json", "u-1", null, null, "u-1", null),
                Arguments.of("a JSON array", "[1,2]", null, null, null, null, null),
                Arguments.of("empty", "", null, null, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void readsWhatItCan(String name, String value, String key, String namespace, String podName, String uid, String type) {
        DeadLetter d = KafkaDeadLetterConsumer.read(value.getBytes(StandardCharsets.UTF_8), key, null, null, "why", "vnode.pod.lifecycle.v1.dlq");
        assertThat(d.namespace()).isEqualTo(namespace);
        assertThat(d.name()).isEqualTo(podName);
        assertThat(d.uid()).isEqualTo(uid);
        assertThat(d.eventType()).isEqualTo(type);
        assertThat(d.originalTopic()).as("from the DLQ topic when the header is missing").isEqualTo("vnode.pod.lifecycle.v1");
        assertThat(d.reason()).isEqualTo("why");
    }
}
