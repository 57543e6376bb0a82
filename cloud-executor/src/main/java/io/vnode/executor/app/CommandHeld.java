package io.vnode.executor.app;

/** A command could not finish in its hold time (or the service is stopping): re-queue it. */
final class CommandHeld extends RuntimeException {

    private final long notBeforeMillis;

    CommandHeld(String reason, long notBeforeMillis) {
        super(reason, null, false, false);
        this.notBeforeMillis = notBeforeMillis;
    }

    long notBeforeMillis() {
        return notBeforeMillis;
    }
}
