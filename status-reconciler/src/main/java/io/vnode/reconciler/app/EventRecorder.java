package io.vnode.reconciler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.reconciler.domain.PodEventNote;

/**
 * Records core/v1 Events on a pod (involvedObject = the pod with its uid, source component
 * {@code vnode-status-reconciler}). Blocking, thread-safe. Deduplicated: the Event of a pod with the
 * same origin, type, reason and message is one object; recording it again bumps its count (a
 * {@link PodEventNote.Origin#RECONCILER} note) or takes the cloud's count (a
 * {@link PodEventNote.Origin#CLOUD} note, so mirroring the same cloud event twice changes nothing).
 */
public interface EventRecorder {

    void record(Pod pod, String virtualNode, PodEventNote note);
}
