package io.vnode.agent.app;

import io.vnode.agent.domain.NodeHealth;
import io.vnode.agent.domain.VirtualNodeSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * Outbound port: the Node and its Lease in the API server. Blocking; each call reads the current object
 * first and writes a full replacement of what the agent owns, so no stale patch survives (VK#956).
 */
public interface VirtualNodeApi {

    /** Creates the node, or merges our labels and taints (they follow the health) into the existing one; then writes its status. */
    void register(VirtualNodeSpec spec, NodeHealth health, Instant now);

    /**
     * Writes the whole status (capacity, conditions with heartbeat times, nodeInfo, endpoints).
     *
     * @return false when the node does not exist (nothing written)
     */
    boolean writeStatus(VirtualNodeSpec spec, NodeHealth health, Instant now);

    /**
     * Creates or renews the node's Lease in kube-node-lease (holder = node name, owned by the node). A Lease is
     * never created for a node that does not exist (it would outlive an uninstall).
     */
    void renewLease(String nodeName, Duration leaseDuration, Instant now);

    /** Deletes the node and its Lease; absent objects are fine. */
    void remove(String nodeName);
}
