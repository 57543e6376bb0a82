package io.vnode.reconciler.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;

/**
 * What a pod is told when a record about it lands on a dead-letter topic. Pure.
 *
 * <ul>
 *   <li>every live pod of that uid gets a Warning Event {@value #REASON} whose message names the record
 *       and the reason (cut to {@value #MAX_REASON} characters); the same reason again is the same
 *       Event with its count bumped;</li>
 *   <li>a pod not yet running (phase Pending or none, not being deleted) also shows it in its status:
 *       {@code status.reason} = {@value #REASON}, {@code status.message} = the same text, which
 *       {@code kubectl describe} prints; the phase is kept, and the next status the cloud reports
 *       replaces both;</li>
 *   <li>a running or finished pod keeps its status: a record set aside never fails a pod.</li>
 * </ul>
 */
public final class DeadLetterNotice {

    public static final String REASON = "ControlPathRejected";
    /** The longest part of the dead-letter reason quoted to the pod. */
    public static final int MAX_REASON = 500;

    private DeadLetterNotice() {
    }

    /** What to do with a dead letter. */
    public sealed interface Outcome {
        /** The label of the outcome on the {@code vnode.deadletters} metric. */
        String label();
    }

    /** The record does not say which pod it is about (not JSON, no pod reference, no key). */
    public record Unidentified() implements Outcome {
        public String label() {
            return "unidentified";
        }
    }

    /** The pod no longer exists, or its name now belongs to another incarnation (uid differs). */
    public record PodGone() implements Outcome {
        public String label() {
            return "pod-gone";
        }
    }

    /**
     * Tell the pod: record {@code note} and write {@code pod}'s status (equal to the current status when
     * only the Event is due).
     */
    public record Tell(Pod pod, PodEventNote note, boolean statusChanged) implements Outcome {
        public String label() {
            return "told";
        }
    }

    public static Outcome decide(DeadLetter letter, Pod current, Instant now) {
        if (!letter.identifiesPod()) {
            return new Unidentified();
        }
        if (current == null || !letter.uid().equals(current.getMetadata().getUid())) {
            return new PodGone();
        }
        String message = message(letter);
        PodEventNote note = PodEventNote.warning(REASON, message, now);
        if (!notYetRunning(current)) {
            return new Tell(current, note, false);
        }
        PodStatus status = current.getStatus() == null ? new PodStatus() : new PodStatusBuilder(current.getStatus()).build();
        if (status.getPhase() == null) {
            status.setPhase(PodPhase.PENDING);
        }
        status.setReason(REASON);
        status.setMessage(message);
        boolean changed = !status.equals(current.getStatus());
        return new Tell(new PodBuilder(current).withStatus(status).build(), note, changed);
    }

    /** The text the pod shows: which record, from where, why, and that an operator can replay it. */
    public static String message(DeadLetter letter) {
        String what = letter.eventType() != null ? letter.eventType() : "record";
        String topic = letter.originalTopic() != null ? letter.originalTopic() : "its topic";
        String reason = letter.reason() == null || letter.reason().isBlank() ? "no reason given" : letter.reason();
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 1) + "…";
        }
        return "The virtual node's control path could not process a " + what + " about this pod from " + topic
                + " and set it aside (dead letter): " + reason
                + ". It is retried only when an operator replays the dead letters after fixing the cause.";
    }

    private static boolean notYetRunning(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return phase == null || PodPhase.PENDING.equals(phase);
    }
}
