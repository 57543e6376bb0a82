package io.vnode.translator.app;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.pod.PodBound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A generated stream of pod-bound records that parse as JSON but are not usable, each a mutation of
 * one valid record, with what must become of it: dead-lettered and the pod told, dead-lettered alone
 * (no pod to tell), or the pod rejected.
 */
final class MalformedBoundRecords {

    enum Fate { DEAD_LETTER_AND_TOLD, DEAD_LETTER_ONLY, REJECTED }

    /** One record: its key (the pod uid, as node-agent keys it), its bytes, and what must become of it. */
    record Malformed(String name, String uid, byte[] json, Fate fate) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Mutation(String name, Fate fate, Consumer<Map<String, Object>> change) {
    }

    static final String NODE = "virtual-kubelet-cn-hangzhou-k";

    static final List<Mutation> MUTATIONS = List.of(
            new Mutation("pod null", Fate.DEAD_LETTER_AND_TOLD, r -> r.put("pod", null)),
            new Mutation("pod missing", Fate.DEAD_LETTER_AND_TOLD, r -> r.remove("pod")),
            new Mutation("pod uid null", Fate.DEAD_LETTER_AND_TOLD, r -> map(r, "pod").put("uid", null)),
            new Mutation("pod uid an object", Fate.DEAD_LETTER_AND_TOLD, r -> map(r, "pod").put("uid", Map.of("x", 1))),
            new Mutation("virtualNode null", Fate.DEAD_LETTER_AND_TOLD, r -> r.put("virtualNode", null)),
            new Mutation("sequence a word", Fate.DEAD_LETTER_AND_TOLD, r -> r.put("sequence", "abc")),
            new Mutation("occurredAt not a time", Fate.DEAD_LETTER_AND_TOLD, r -> r.put("occurredAt", "yesterday")),
            new Mutation("namespaceLabels a string", Fate.DEAD_LETTER_AND_TOLD, r -> r.put("namespaceLabels", "acs=true")),
            new Mutation("manifest null", Fate.DEAD_LETTER_AND_TOLD, r -> r.put("manifest", null)),
            new Mutation("manifest a list", Fate.DEAD_LETTER_AND_TOLD, r -> r.put("manifest", List.of(1, 2))),
            new Mutation("manifest without spec", Fate.DEAD_LETTER_AND_TOLD, r -> map(r, "manifest").remove("spec")),
            new Mutation("manifest spec null", Fate.DEAD_LETTER_AND_TOLD, r -> map(r, "manifest").put("spec", null)),
            new Mutation("manifest without uid", Fate.DEAD_LETTER_AND_TOLD, r -> map(map(r, "manifest"), "metadata").remove("uid")),
            new Mutation("manifest of another pod", Fate.DEAD_LETTER_AND_TOLD,
                    r -> map(map(r, "manifest"), "metadata").put("uid", UUID.randomUUID().toString())),
            new Mutation("manifest kind Service", Fate.DEAD_LETTER_AND_TOLD, r -> map(r, "manifest").put("kind", "Service")),
            new Mutation("containers a string", Fate.DEAD_LETTER_AND_TOLD, r -> map(map(r, "manifest"), "spec").put("containers", "nginx")),
            new Mutation("container env a number", Fate.DEAD_LETTER_AND_TOLD, r -> firstContainer(r).put("env", 7)),
            new Mutation("pod null and no manifest metadata", Fate.DEAD_LETTER_ONLY, r -> {
                r.put("pod", null);
                map(r, "manifest").remove("metadata");
            }),
            new Mutation("deleting with pod null", Fate.DEAD_LETTER_ONLY, r -> {
                r.put("type", "pod.deleting.v1");
                r.put("deletionTimestamp", Instant.now().toString());
                r.put("pod", null);
            }),
            new Mutation("an env value of 300 characters", Fate.REJECTED,
                    r -> firstContainer(r).put("env", List.of(Map.of("name", "LONG", "value", "v".repeat(300))))),
            new Mutation("5,000 env values expanded from an annotation (over 1 MiB translated)", Fate.REJECTED, r -> {
                map(map(r, "manifest"), "metadata").put("annotations", Map.of("note", "n".repeat(250)));
                List<Object> env = new ArrayList<>();
                for (int i = 0; i < 5000; i++) {
                    env.add(Map.of("name", "E" + i, "valueFrom",
                            Map.of("fieldRef", Map.of("fieldPath", "metadata.annotations['note']"))));
                }
                firstContainer(r).put("env", env);
            }));

    private MalformedBoundRecords() {
    }

    /** Every mutation applied to a fresh valid record (its own pod uid). */
    static List<Malformed> generate() {
        List<Malformed> out = new ArrayList<>();
        for (int i = 0; i < MUTATIONS.size(); i++) {
            Mutation m = MUTATIONS.get(i);
            String uid = UUID.randomUUID().toString();
            Map<String, Object> record = validRecord(uid, "web-" + i);
            m.change().accept(record);
            out.add(new Malformed(m.name(), uid, EventCodec.mapper().writeValueAsBytes(record), m.fate()));
        }
        return out;
    }

    /** A valid pod-bound record of an ECI pod shop/{name} as a JSON tree. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> validRecord(String uid, String name) {
        Map<String, Object> manifest = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Pod",
                "metadata", new LinkedHashMap<>(Map.of("name", name, "namespace", "shop", "uid", uid)),
                "spec", new LinkedHashMap<>(Map.of("nodeName", NODE, "containers",
                        List.of(new LinkedHashMap<>(Map.of("name", "app", "image", "nginx")))))));
        PodBound bound = new PodBound(UUID.randomUUID().toString(), new PodRef("shop", name, uid), NODE, Instant.now(),
                3, null, manifest, Map.of("kubernetes.io/metadata.name", "shop"));
        return new LinkedHashMap<>(EventCodec.mapper().readValue(EventCodec.encode(bound), Map.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Map<String, Object> child = new LinkedHashMap<>((Map<String, Object>) parent.get(key));
        parent.put(key, child);
        return child;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstContainer(Map<String, Object> record) {
        Map<String, Object> spec = map(map(record, "manifest"), "spec");
        List<Object> containers = new ArrayList<>((List<Object>) spec.get("containers"));
        Map<String, Object> first = new LinkedHashMap<>((Map<String, Object>) containers.get(0));
        containers.set(0, first);
        spec.put("containers", containers);
        return first;
    }
}
