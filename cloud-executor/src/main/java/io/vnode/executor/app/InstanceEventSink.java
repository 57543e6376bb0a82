package io.vnode.executor.app;

import io.vnode.contracts.instance.InstanceEvent;

/**
 * Where instance events go ({@code vnode.instance.events.v1}, key = pod uid). Blocking: returns only
 * once the event is durably accepted, so the caller may then let its input be committed.
 * Thread-safe. Not idempotent (a repeat is a second record; consumers drop it by sequence).
 */
public interface InstanceEventSink {

    /** @throws PublishFailed when the event was not accepted (the input must not be committed) */
    void publish(InstanceEvent event);

    /** The event was not accepted: the command must not be committed (it is redelivered). */
    final class PublishFailed extends RuntimeException {
        public PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
