package io.vnode.translator.app;

import java.util.Optional;

/** What to do with one record of the lifecycle topic. */
public sealed interface Handling permits Handling.Publish, Handling.DeadLetter {

    /** Publish the command or the rejection. */
    record Publish(Outbound outbound) implements Handling {
    }

    /**
     * Write the record to the dead-letter topic with {@code reason}, unchanged when
     * {@code keepPayload}, else with an empty value (the record with the dead-letter headers would
     * not fit in one Kafka record); and, when the record is about a pod that can be identified,
     * publish {@code tell} (its rejection) so the pod shows why.
     */
    record DeadLetter(String reason, Optional<Outbound> tell, boolean keepPayload) implements Handling {
    }
}
