package io.vnode.executor.app;

/** The pod of a retrying create no longer exists: stop (its delete command or the sweep cleans up). */
final class PodGone extends RuntimeException {
    PodGone(String message) {
        super(message, null, false, false);
    }
}
