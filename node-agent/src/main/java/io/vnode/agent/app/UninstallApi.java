package io.vnode.agent.app;

import io.vnode.agent.domain.Uninstall.BoundPod;
import java.util.List;

/**
 * Outbound port of the uninstall: the virtual nodes, their pods and their Leases in the API server.
 * Blocking; every call is idempotent (an absent object is success), so a retried uninstall repeats safely.
 */
public interface UninstallApi {

    /** Whether the node exists. */
    boolean exists(String nodeName);

    /** Adds the marker annotation, {@code spec.unschedulable: true} and the uninstall NoSchedule taint (kept when present). */
    void markAndCordon(String nodeName, String since);

    /** The pods whose {@code spec.nodeName} is this node. */
    List<BoundPod> podsOn(String nodeName);

    /** A graceful delete (the pod's own grace period); an absent pod is success. */
    void deletePod(BoundPod pod);

    /** Deletes the node's Lease and the node; absent objects are success. */
    void deleteNode(String nodeName);
}
