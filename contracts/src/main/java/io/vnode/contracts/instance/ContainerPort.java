package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A container port. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerPort(
        int port,
        String protocol) {
}
