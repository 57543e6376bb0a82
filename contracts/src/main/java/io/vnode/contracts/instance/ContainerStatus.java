package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One container of an instance as the cloud reports it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerStatus(
        @JsonProperty(required = true) String name,
        String image,
        String imageId,
        String containerId,
        boolean ready,
        int restartCount,
        ContainerState current,
        ContainerState previous) {
}
