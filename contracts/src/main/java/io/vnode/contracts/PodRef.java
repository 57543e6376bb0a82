package io.vnode.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Identifies one pod incarnation. The {@code uid} is the Kafka key of every event about the pod:
 * it keeps per-pod order, and a pod re-created under the same name is a new key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodRef(
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String uid) {

    public PodRef {
        requireText(namespace, "namespace");
        requireText(name, "name");
        requireText(uid, "uid");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("PodRef." + field + " must not be blank");
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + name + " (" + uid + ")";
    }
}
