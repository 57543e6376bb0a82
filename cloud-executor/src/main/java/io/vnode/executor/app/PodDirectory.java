package io.vnode.executor.app;

import io.vnode.contracts.PodRef;
import io.vnode.executor.domain.OrphanSweeper.LivePod;
import java.util.Map;

/** The cluster's pods as the Kubernetes API has them now. Blocking, thread-safe, read-only. */
public interface PodDirectory {

    /**
     * Whether this pod incarnation (same uid) still exists. An unreadable API answers true: a
     * command keeps retrying rather than being dropped.
     */
    boolean exists(PodRef pod);

    /**
     * The annotations of this pod incarnation (same uid); empty when it has none, does not exist or
     * cannot be read (the caller then acts on its defaults).
     */
    default Map<String, String> annotations(PodRef pod) {
        return Map.of();
    }

    /** Every pod of the cluster by uid (read in pages); throws when the API cannot be read. */
    Map<String, LivePod> livePods();
}
