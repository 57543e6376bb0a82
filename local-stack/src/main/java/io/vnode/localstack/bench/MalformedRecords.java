package io.vnode.localstack.bench;

import io.vnode.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records that decode as one of a topic's event types but are invalid: a null pod, a pod without uid. A
 * service must dead-letter each with its reason and go on with the partition.
 */
public final class MalformedRecords {

    private static final Map<String, List<String>> TYPES = Map.of(
            Topics.POD_LIFECYCLE, List.of("pod.bound.v1", "pod.deleting.v1", "pod.gone.v1"),
            Topics.INSTANCE_COMMANDS, List.of("instance.create-requested.v1", "instance.delete-requested.v1"),
            Topics.POD_REJECTIONS, List.of("pod.rejected.v1"),
            Topics.INSTANCE_EVENTS, List.of("instance.created.v1", "instance.status-changed.v1", "instance.deleted.v1"));

    private MalformedRecords() {
    }

    /** For every type of the topic: one record with {@code "pod": null} and one whose pod has no uid. */
    public static List<String> of(String topic) {
        List<String> records = new ArrayList<>();
        for (String type : TYPES.getOrDefault(topic, List.of())) {
            records.add(record(type, "null"));
            records.add(record(type, "{\"namespace\":\"default\",\"name\":\"malformed\",\"uid\":null}"));
        }
        return records;
    }

    private static String record(String type, String pod) {
        return "{\"type\":\"" + type + "\",\"eventId\":\"malformed-" + type + "\",\"pod\":" + pod
                + ",\"virtualNode\":\"virtual-kubelet-cn-hangzhou-k\",\"occurredAt\":\"2026-12-01T00:00:00Z\",\"sequence\":1}";
    }
}
