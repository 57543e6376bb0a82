package io.vnode.agent.domain;

/**
 * The node's {@code status.nodeInfo} and addresses: what {@code kubectl get node -o wide} shows.
 *
 * @param kubeletVersion shown in the VERSION column, e.g. {@code v1.32.4-vnode}
 * @param internalIp the address the API server dials for logs (the agent's pod IP); may be null
 */
public record NodeSystemInfo(String kubeletVersion, String agentVersion, String internalIp, int kubeletPort) {

    public NodeSystemInfo {
        kubeletVersion = kubeletVersion == null || kubeletVersion.isBlank() ? "v1.32.4-vnode" : kubeletVersion;
        agentVersion = agentVersion == null || agentVersion.isBlank() ? "0.1.0" : agentVersion;
        kubeletPort = kubeletPort <= 0 ? 10250 : kubeletPort;
        if (kubeletPort > 65535) {
            throw new IllegalArgumentException("kubelet port " + kubeletPort + " is not a TCP port");
        }
    }

    public static NodeSystemInfo defaults() {
        return new NodeSystemInfo(null, null, null, 0);
    }
}
