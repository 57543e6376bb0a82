package io.vnode.contracts.pod;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.PodRef;
import java.time.Instant;
import java.util.Map;

/**
 * A pod is bound to the virtual node and has no instance yet.
 *
 * @param manifest the pod as the API server returned it (apiVersion, kind, metadata, spec); status
 *     is omitted. ConfigMap and Secret contents are never included, only the names the pod uses.
 * @param namespaceLabels labels of the pod's namespace at the time of the event
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodBound(
        @JsonProperty(required = true) String eventId,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) String virtualNode,
        @JsonProperty(required = true) Instant occurredAt,
        long sequence,
        String traceparent,
        @JsonProperty(required = true) Map<String, Object> manifest,
        Map<String, String> namespaceLabels) implements PodEvent {

    public static final String TYPE = "pod.bound.v1";

    public PodBound {
        manifest = manifest == null ? Map.of() : manifest;
        namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
    }
}
