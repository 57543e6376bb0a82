package io.vnode.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceStatusChanged;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodEvent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ContractFixturesTest {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static Stream<String> eventTypes() {
        return EventSchemas.eventTypes().keySet().stream();
    }

    static Class<? extends VnodeEvent> familyOf(String type) {
        Class<? extends VnodeEvent> eventClass = EventSchemas.eventTypes().get(type);
        return Topics.ALL.stream().map(EventCodec::familyOf)
                .filter(f -> f.isAssignableFrom(eventClass)).findFirst().orElseThrow();
    }

    static Schema shippedSchema(String type) throws Exception {
        try (InputStream in = EventSchemas.class.getResourceAsStream(EventSchemas.resourcePath(type))) {
            assertThat(in).as("shipped schema for %s", type).isNotNull();
            return REGISTRY.getSchema(in, InputFormat.JSON);
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void shippedSchemaIsTheOneTheRecordsDefine(String type) throws Exception {
        JsonNode derived = EventCodec.mapper().valueToTree(EventSchemas.schemaOf(type));
        Path shipped = Path.of("src/main/resources" + EventSchemas.resourcePath(type));
        if (Boolean.getBoolean("contracts.writeSchemas")) {
            Files.createDirectories(shipped.getParent());
            Files.writeString(shipped, EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(derived) + "\n");
        }
        JsonNode onDisk = EventCodec.mapper().readTree(Files.readString(shipped));
        assertThat(onDisk)
                .as("schema %s is stale: run ./mvnw -pl contracts test -Dcontracts.writeSchemas=true", type)
                .isEqualTo(derived);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void goldenFixtureRoundTripsAndValidates(String type) throws Exception {
        String json = GoldenFixtures.json(type);
        VnodeEvent event = EventCodec.decode(json, familyOf(type));

        assertThat(event).isInstanceOf(EventSchemas.eventTypes().get(type));
        assertThat(EventCodec.typeOf(event)).isEqualTo(type);
        assertThat(EventCodec.mapper().readTree(EventCodec.encode(event))).isEqualTo(EventCodec.mapper().readTree(json));

        List<Error> errors = shippedSchema(type).validate(json, InputFormat.JSON);
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaRefusesAnEventWithoutItsPodOrWithAnotherType(String type) throws Exception {
        ObjectNode withoutPod = (ObjectNode) EventCodec.mapper().readTree(GoldenFixtures.json(type));
        withoutPod.remove("pod");
        assertThat(shippedSchema(type).validate(withoutPod)).isNotEmpty();

        ObjectNode otherType = (ObjectNode) EventCodec.mapper().readTree(GoldenFixtures.json(type));
        otherType.put("type", "something.else.v1");
        assertThat(shippedSchema(type).validate(otherType)).isNotEmpty();
    }

    @Test
    void unknownFieldsFromANewerProducerAreTolerated() throws Exception {
        ObjectNode newer = (ObjectNode) EventCodec.mapper().readTree(GoldenFixtures.json(InstanceStatusChanged.TYPE));
        newer.put("someFutureField", "x");
        ((ObjectNode) newer.get("pod")).put("clusterName", "c1");
        ((ObjectNode) newer.get("containers").get(0)).putObject("resources").put("cpu", 2);

        InstanceEvent event = EventCodec.decode(newer.toString(), InstanceEvent.class);

        assertThat(event).isInstanceOfSatisfying(InstanceStatusChanged.class, e -> {
            assertThat(e.status()).isEqualTo("Running");
            assertThat(e.containers().get(0).ready()).isTrue();
        });
        assertThat(shippedSchema(InstanceStatusChanged.TYPE).validate(newer)).isEmpty();
    }

    @Test
    void recordThatIsNotAnEventFailsWithADecodingError() {
        assertThatThrownBy(() -> EventCodec.decode("{not json", PodEvent.class))
                .isInstanceOf(EventCodec.EventDecodingException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"pod.exploded.v9\"}", PodEvent.class))
                .isInstanceOf(EventCodec.EventDecodingException.class);
        assertThatThrownBy(() -> EventCodec.decode("{\"eventId\":\"x\"}", PodEvent.class))
                .isInstanceOf(EventCodec.EventDecodingException.class);
    }

    @Test
    void podBoundCarriesTheManifestAndUsesTheUidAsKey() {
        PodBound bound = GoldenFixtures.event(PodBound.TYPE, PodEvent.class) instanceof PodBound b ? b : null;
        assertThat(bound).isNotNull();
        assertThat(bound.pod().uid()).isEqualTo("6f1c2a9e-3b7d-4c21-9a55-0d2e8f4b1c77");
        assertThat(bound.manifest()).containsKeys("metadata", "spec");
    }

    @Test
    void everyTopicHasADeadLetterTopicAndAFamily() {
        for (String topic : Topics.ALL) {
            assertThat(Topics.dlq(topic)).isEqualTo(topic + ".dlq");
            assertThat(EventCodec.familyOf(topic).isSealed()).isTrue();
        }
    }
}
