package io.vnode.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event as published is a CloudEvent in the Kafka binding's binary mode: the CloudEvents SDK's own
 * Kafka deserializer reads it, with the event's id, type, time, subject and its JSON as data.
 */
class CloudEventsBindingTest {

    static Stream<String> fixtures() {
        return ContractFixturesTest.eventTypes();
    }

    static String topicOf(String type) {
        Class<? extends VnodeEvent> family = ContractFixturesTest.familyOf(type);
        return Topics.ALL.stream().filter(t -> EventCodec.familyOf(t) == family).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aStandardConsumerReadsEveryEventAsACloudEvent(String type) {
        VnodeEvent event = GoldenFixtures.event(type, ContractFixturesTest.familyOf(type));
        String topic = topicOf(type);
        Envelope envelope = Envelope.of(topic, event);
        RecordHeaders headers = new RecordHeaders();
        envelope.headers().forEach(headers::add);

        CloudEvent ce;
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            deserializer.configure(Map.of(), false);
            ce = deserializer.deserialize(topic, headers, envelope.value());
        }

        assertThat(ce.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(ce.getId()).isEqualTo(event.eventId());
        assertThat(ce.getType()).isEqualTo("io.vnode." + type);
        assertThat(ce.getSource().toString()).isEqualTo("/vnode/" + topic);
        assertThat(ce.getTime().toInstant()).isEqualTo(event.occurredAt());
        assertThat(ce.getSubject()).isEqualTo(event.pod().namespace() + "/" + event.pod().name());
        assertThat(ce.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(ce.getData().toBytes(), StandardCharsets.UTF_8))
                .isEqualTo(new String(envelope.value(), StandardCharsets.UTF_8));
        assertThat(envelope.key()).isEqualTo(event.pod().uid());
    }
}
