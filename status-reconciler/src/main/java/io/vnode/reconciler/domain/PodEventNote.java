package io.vnode.reconciler.domain;

import java.time.Instant;

/**
 * A Kubernetes Event to record on the pod.
 *
 * @param origin {@link Origin#CLOUD}: mirrors an event of the cloud (its count and timestamps are the
 *     cloud's, so recording it again changes nothing); {@link Origin#RECONCILER}: one occurrence of a
 *     fact this service observed (recording the same reason and message again bumps the count)
 */
public record PodEventNote(Origin origin, String type, String reason, String message, int count,
                           Instant firstTimestamp, Instant lastTimestamp) {

    public enum Origin { CLOUD, RECONCILER }

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    public static PodEventNote warning(String reason, String message, Instant at) {
        return new PodEventNote(Origin.RECONCILER, WARNING, reason, message, 1, at, at);
    }

    public static PodEventNote normal(String reason, String message, Instant at) {
        return new PodEventNote(Origin.RECONCILER, NORMAL, reason, message, 1, at, at);
    }
}
