package io.vnode.executor.app;

import io.vnode.contracts.instance.InstanceSpec;
import java.util.List;

/** How one CreateInstance command ended (what the handler then publishes, or how the command is re-queued). */
public sealed interface CreateOutcome {

    /** The pod has its instance: created now ({@code reused} false) or found tagged with the pod's uid. */
    record Created(String instanceId, String requestId, String clientToken, InstanceSpec spec, String zoneId,
                   boolean reused) implements CreateOutcome {
    }

    /**
     * The create failed: for good ({@code retryable} false: a rejection, a missing reference), or for
     * now (every spec out of stock: published, then the handler waits and tries again).
     */
    record Failed(boolean retryable, String code, String message, String requestId, List<String> attemptedSpecs,
                  int attempts) implements CreateOutcome {
        public Failed {
            attemptedSpecs = List.copyOf(attemptedSpecs);
        }
    }

    /** Out of hold time, or the service is stopping: re-queue the command, not before {@code notBeforeMillis}. */
    record Held(long notBeforeMillis, String reason) implements CreateOutcome, Halt {
    }

    /** The pod was deleted while its create waited: stop (its delete command or the sweep cleans up). */
    record PodDeleted(String reason) implements CreateOutcome, Halt {
    }
}
