package io.vnode.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The AsyncAPI document shipped in contracts describes exactly the topics of {@link Topics} and, on each,
 * exactly the event types of its family, each with the JSON Schema contracts ships for it.
 */
class AsyncApiDocumentTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> document() throws Exception {
        try (InputStream in = Topics.class.getResourceAsStream("/vnode-events.asyncapi.yaml")) {
            assertThat(in).as("vnode-events.asyncapi.yaml in contracts' resources").isNotNull();
            return new Yaml().load(in);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTopicAndEveryEventTypeIsDescribedWithItsShippedSchema() throws Exception {
        Map<String, Object> doc = document();
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) doc.get("components")).get("messages");

        Set<String> addresses = channels.values().stream().map(c -> (String) c.get("address")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>();
        Topics.ALL.forEach(t -> {
            expected.add(t);
            expected.add(Topics.dlq(t));
        });
        assertThat(addresses).isEqualTo(expected);

        List<String> described = new ArrayList<>();
        for (Map<String, Object> channel : channels.values()) {
            String topic = (String) channel.get("address");
            if (topic.endsWith(".dlq")) {
                continue;
            }
            Class<? extends VnodeEvent> family = EventCodec.familyOf(topic);
            Set<String> typesOnTopic = EventSchemas.eventTypes().entrySet().stream()
                    .filter(e -> family.isAssignableFrom(e.getValue())).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> typesInDoc = ((Map<String, Map<String, String>>) channel.get("messages")).values().stream()
                    .map(ref -> ref.get("$ref").substring("#/components/messages/".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(typesInDoc).as(topic).isEqualTo(typesOnTopic);
            for (String type : typesInDoc) {
                Map<String, Object> message = messages.get(type);
                String payload = ((Map<String, String>) message.get("payload")).get("$ref");
                assertThat(payload).isEqualTo("./schemas/" + type + ".schema.json");
                assertThat(Topics.class.getResource(EventSchemas.resourcePath(type))).as(payload).isNotNull();
                assertThat(EventSchemas.resourcePath(type)).isEqualTo("/schemas/" + type + ".schema.json");
                described.add(type);
            }
        }
        assertThat(described).containsExactlyInAnyOrderElementsOf(EventSchemas.eventTypes().keySet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDocumentedHeadersAreTheOnesAnEnvelopeCarries() throws Exception {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document().get("components")).get("schemas");
        Map<String, Object> headers = (Map<String, Object>) schemas.get("eventHeaders");
        Set<String> documented = ((Map<String, Object>) headers.get("properties")).keySet();

        VnodeEvent event = GoldenFixtures.event("pod.bound.v1", io.vnode.contracts.pod.PodEvent.class);
        Envelope envelope = Envelope.of(Topics.POD_LIFECYCLE, event);
        assertThat(new TreeSet<>(envelope.headers().keySet())).isEqualTo(new TreeSet<>(documented));
        assertThat((List<String>) headers.get("required")).allMatch(envelope.headers()::containsKey);
    }
}
