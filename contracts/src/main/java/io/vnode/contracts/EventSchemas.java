package io.vnode.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON Schema (draft 2020-12) of each event type, derived from the records, and where the
 * shipped copies live: {@code /schemas/<type>.schema.json} on the classpath. A test keeps the
 * shipped files equal to what this class derives, so a change to a record shows up as a schema diff.
 *
 * <p>Required: components annotated {@code @JsonProperty(required = true)}, primitives, and
 * {@code type}. Every object allows additional properties: consumers tolerate newer producers.
 */
public final class EventSchemas {

    private EventSchemas() {
    }

    /** Every concrete event type by its versioned name. */
    public static Map<String, Class<? extends VnodeEvent>> eventTypes() {
        Map<String, Class<? extends VnodeEvent>> types = new TreeMap<>();
        for (String topic : Topics.ALL) {
            Class<? extends VnodeEvent> family = EventCodec.familyOf(topic);
            for (JsonSubTypes.Type t : family.getAnnotation(JsonSubTypes.class).value()) {
                types.put(t.name(), t.value().asSubclass(VnodeEvent.class));
            }
        }
        return types;
    }

    /** Classpath location of a type's shipped schema. */
    public static String resourcePath(String type) {
        return "/schemas/" + type + ".schema.json";
    }

    /** The schema of one event type, as a JSON-ready map. */
    public static Map<String, Object> schemaOf(String type) {
        Class<? extends VnodeEvent> eventClass = eventTypes().get(type);
        if (eventClass == null) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        Map<String, Object> defs = new TreeMap<>();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://vnode.io/schemas/" + type + ".schema.json");
        root.put("title", type);
        Map<String, Object> body = objectSchema(eventClass, defs);
        @SuppressWarnings("unchecked")
        Map<String, Object> props = new LinkedHashMap<>((Map<String, Object>) body.get("properties"));
        props.put("type", Map.of("const", type));
        body.put("properties", props);
        @SuppressWarnings("unchecked")
        List<String> required = new ArrayList<>((List<String>) body.get("required"));
        required.add(0, "type");
        body.put("required", required);
        root.putAll(body);
        if (!defs.isEmpty()) {
            root.put("$defs", defs);
        }
        return root;
    }

    private static Map<String, Object> objectSchema(Class<?> recordClass, Map<String, Object> defs) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : recordClass.getRecordComponents()) {
            properties.put(c.getName(), schemaOf(c.getGenericType(), defs));
            JsonProperty jp = c.getAccessor().getAnnotation(JsonProperty.class);
            if (c.getType().isPrimitive() || (jp != null && jp.required())) {
                required.add(c.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", true);
        return schema;
    }

    private static Object schemaOf(Type type, Map<String, Object> defs) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schemaOf(p.getActualTypeArguments()[0], defs));
            }
            if (Map.class.isAssignableFrom(raw)) {
                Type valueType = p.getActualTypeArguments()[1];
                Object values = valueType == Object.class ? Map.of() : schemaOf(valueType, defs);
                return Map.of("type", "object", "additionalProperties", values);
            }
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
            return Map.of("type", "integer");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return Map.of("type", "number");
        }
        if (c == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return Map.of("type", "string", "enum", names);
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!defs.containsKey(name)) {
                defs.put(name, Map.of()); // placeholder: breaks recursion
                defs.put(name, objectSchema(c, defs));
            }
            return Map.of("$ref", "#/$defs/" + name);
        }
        if (c == Object.class) {
            return Map.of();
        }
        throw new IllegalArgumentException("no schema mapping for " + c);
    }
}
