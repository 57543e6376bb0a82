package io.vnode.reconciler.it;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.VnodeEvent;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed-but-parseable records generated from a valid event: every record is JSON, and every one
 * breaks the event's contract. For each field the contract requires (at any depth the valid event
 * reaches: nested records and the first element of lists): the field null, the field missing, and a
 * blank string where it is text; a null element in every list; the pod reference null, empty, of the
 * wrong shape; and values of the wrong type.
 */
public final class Mutations {

    public record Mutation(String name, byte[] value) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Mutations() {
    }

    public static List<Mutation> of(VnodeEvent valid) {
        ObjectNode tree = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(valid));
        List<Mutation> out = new ArrayList<>();
        String type = EventCodec.typeOf(valid);
        walk(valid.getClass(), tree, type, tree, out, new ArrayList<>());
        out.add(mutate(type + ": pod null", tree, t -> t.putNull("pod")));
        out.add(mutate(type + ": pod {}", tree, t -> t.putObject("pod")));
        out.add(mutate(type + ": pod a string", tree, t -> t.put("pod", "default/web-0")));
        out.add(mutate(type + ": pod an array", tree, t -> t.putArray("pod")));
        out.add(mutate(type + ": type unknown", tree, t -> t.put("type", "instance.exploded.v1")));
        out.add(mutate(type + ": type null", tree, t -> t.putNull("type")));
        out.add(mutate(type + ": sequence text", tree, t -> t.put("sequence", "seven")));
        out.add(mutate(type + ": occurredAt not a time", tree, t -> t.put("occurredAt", "yesterday")));
        out.add(mutate(type + ": the event an array", tree, t -> { }, "[" + tree + "]"));
        out.add(mutate(type + ": the event a string", tree, t -> { }, "\"" + type + "\""));
        out.add(mutate(type + ": the event null", tree, t -> { }, "null"));
        return out;
    }

    /** Mutations of every required field of the record {@code type} at {@code node} (reached by {@code path} from the root). */
    private static void walk(Class<?> type, JsonNode node, String name, ObjectNode root, List<Mutation> out, List<Object> path) {
        for (RecordComponent rc : type.getRecordComponents()) {
            String field = rc.getName();
            List<Object> at = new ArrayList<>(path);
            at.add(field);
            String label = name + ": " + String.join(".", at.stream().map(String::valueOf).toList());
            JsonNode value = node.get(field);
            if (required(type, rc)) {
                out.add(mutate(label + " null", root, t -> parent(t, path).putNull(field)));
                out.add(mutate(label + " missing", root, t -> parent(t, path).remove(field)));
                if (value != null && value.isString()) {
                    out.add(mutate(label + " blank", root, t -> parent(t, path).put(field, " ")));
                }
            }
            if (value == null) {
                continue;
            }
            Class<?> ft = rc.getType();
            if (ft.isRecord() && ft.getPackageName().startsWith("io.vnode.contracts") && value.isObject()) {
                walk(ft, value, name, root, out, at);
            } else if (List.class.isAssignableFrom(ft) && value.isArray() && !value.isEmpty()
                    && rc.getGenericType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> element) {
                out.add(mutate(label + "[0] null", root, t -> ((ArrayNode) parent(t, path).get(field)).insertNull(0)));
                if (element.isRecord() && value.get(0).isObject()) {
                    List<Object> first = new ArrayList<>(at);
                    first.add(0);
                    walk(element, value.get(0), name, root, out, first);
                }
            }
        }
    }

    private static ObjectNode parent(ObjectNode root, List<Object> path) {
        JsonNode n = root;
        for (Object step : path) {
            n = step instanceof Integer i ? n.get(i) : n.get((String) step);
        }
        return (ObjectNode) n;
    }

    private static Mutation mutate(String name, ObjectNode valid, Consumer<ObjectNode> change) {
        ObjectNode copy = valid.deepCopy();
        change.accept(copy);
        return new Mutation(name, copy.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Mutation mutate(String name, ObjectNode valid, Consumer<ObjectNode> ignored, String json) {
        return new Mutation(name, json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean required(Class<?> type, RecordComponent rc) {
        JsonProperty p = rc.getAnnotation(JsonProperty.class);
        if (p == null) {
            try {
                Field f = type.getDeclaredField(rc.getName());
                p = f.getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                return false;
            }
        }
        return p != null && p.required();
    }
}
