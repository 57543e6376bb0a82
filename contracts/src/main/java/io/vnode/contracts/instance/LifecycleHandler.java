package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A postStart or preStop hook: exactly one of exec, httpGet, tcpSocketPort is set. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LifecycleHandler(
        List<String> exec,
        HttpGetAction httpGet,
        Integer tcpSocketPort,
        String tcpSocketHost) {
}
