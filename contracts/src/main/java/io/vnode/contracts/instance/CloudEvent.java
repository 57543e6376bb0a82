package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An event the cloud recorded for the instance (mirrored as a Kubernetes Event). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudEvent(
        @JsonProperty(required = true) String type,
        String reason,
        String message,
        int count,
        Instant firstTimestamp,
        Instant lastTimestamp) {
}
