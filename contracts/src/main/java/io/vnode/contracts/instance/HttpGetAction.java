package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An HTTP GET probe or hook target. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpGetAction(
        String path,
        int port,
        String scheme,
        String host) {
}
