package io.vnode.executor.app;

/** What becomes of a command record once handled; the Kafka adapter carries it out. */
public sealed interface CommandDisposition {

    /** Handled (its outcome published, or nothing left to do): commit it. */
    record Done() implements CommandDisposition {
    }

    /** Not finished in its hold time, or the service is stopping: put it back at the topic's end (same key). */
    record Requeue(String key, int requeueCount, long notBeforeMillis) implements CommandDisposition {
    }

    /** Not decodable, or failed for an unexpected reason: to {@code <topic>.dlq}; the next record goes on. */
    record DeadLetter(String reason) implements CommandDisposition {
    }
}
