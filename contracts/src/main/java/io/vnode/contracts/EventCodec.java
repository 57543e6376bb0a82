package io.vnode.contracts;

import io.vnode.contracts.billing.BillingEvent;
import io.vnode.contracts.instance.InstanceCommand;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodRejection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * JSON encoding of every event: the one mapper all services use on the wire. Thread-safe.
 * Unknown fields (from a newer producer of the same version) are ignored; a record that is not JSON
 * or lacks its type fails with {@link EventDecodingException}, which consumers dead-letter.
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    /** Sealed event family per topic. */
    private static final Map<String, Class<? extends VnodeEvent>> FAMILY_BY_TOPIC = Map.of(
            Topics.POD_LIFECYCLE, PodEvent.class,
            Topics.INSTANCE_COMMANDS, InstanceCommand.class,
            Topics.POD_REJECTIONS, PodRejection.class,
            Topics.INSTANCE_EVENTS, InstanceEvent.class,
            Topics.BILLING_USAGE, BillingEvent.class);

    private EventCodec() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(VnodeEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    public static String encodeToString(VnodeEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    public static <T extends VnodeEvent> T decode(byte[] json, Class<T> family) {
        try {
            return MAPPER.readValue(json, family);
        } catch (RuntimeException e) {
            throw new EventDecodingException("not a valid " + family.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T extends VnodeEvent> T decode(String json, Class<T> family) {
        return decode(json.getBytes(StandardCharsets.UTF_8), family);
    }

    /** A contract value (a record of this module) as the JSON the events carry it in. */
    public static String valueToJson(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** A contract value from its JSON; empty when the text is not one. */
    public static <T> java.util.Optional<T> valueFromJson(String json, Class<T> type) {
        try {
            return java.util.Optional.ofNullable(MAPPER.readValue(json, type));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The event family (sealed interface) carried on a topic. */
    public static Class<? extends VnodeEvent> familyOf(String topic) {
        Class<? extends VnodeEvent> family = FAMILY_BY_TOPIC.get(topic);
        if (family == null) {
            throw new IllegalArgumentException("unknown topic " + topic);
        }
        return family;
    }

    /** The versioned type name of an event, e.g. {@code pod.bound.v1}. */
    public static String typeOf(VnodeEvent event) {
        return typeOf(event.getClass());
    }

    /** The versioned type name of an event class, from its family's {@link JsonSubTypes}. */
    public static String typeOf(Class<?> eventClass) {
        for (Class<?> family : eventClass.getInterfaces()) {
            JsonSubTypes subTypes = family.getAnnotation(JsonSubTypes.class);
            if (subTypes != null) {
                for (JsonSubTypes.Type t : subTypes.value()) {
                    if (t.value() == eventClass) {
                        return t.name();
                    }
                }
            }
        }
        throw new IllegalArgumentException(eventClass + " is not an event type");
    }

    /** Thrown when bytes on a topic are not an event of the topic's family. */
    public static final class EventDecodingException extends RuntimeException {
        public EventDecodingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
