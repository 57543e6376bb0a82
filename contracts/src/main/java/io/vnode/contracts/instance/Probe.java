package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A liveness or readiness probe: exactly one of exec, httpGet, tcpSocketPort is set. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Probe(
        List<String> exec,
        HttpGetAction httpGet,
        Integer tcpSocketPort,
        Integer initialDelaySeconds,
        Integer periodSeconds,
        Integer successThreshold,
        Integer failureThreshold,
        Integer timeoutSeconds) {
}
