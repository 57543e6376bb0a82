package io.vnode.agent.app;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Outbound port: tells a pod's owner something went wrong for good, as a Kubernetes Event on the pod
 * ({@code kubectl describe pod}). Blocking (one API call); thread-safe; a failure is logged, never thrown.
 */
public interface PodNotices {

    /** A Warning Event on {@code pod} with this reason and message. */
    void warn(Pod pod, String reason, String message);
}
