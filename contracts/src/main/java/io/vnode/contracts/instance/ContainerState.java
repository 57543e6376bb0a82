package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A container state as the cloud reports it: state is Waiting, Running or Terminated. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerState(
        @JsonProperty(required = true) String state,
        String reason,
        String message,
        Integer exitCode,
        Integer signal,
        Instant startedAt,
        Instant finishedAt) {
}
