package io.vnode.agent.app;

import java.net.URI;
import java.util.List;

/**
 * Outbound port: a command run in a container by the cloud (ECI ExecContainerCommand). Blocking (callers
 * run it on a bounded elastic scheduler); thread-safe.
 */
public interface ContainerExec {

    /** Runs {@code command} to its end and returns its output (stdout and stderr together). */
    String run(String instanceId, String container, List<String> command);

    /**
     * Starts {@code command} as a session: the returned WebSocket URL (valid once, for 30 s) carries its
     * input and output as raw bytes.
     */
    URI open(String instanceId, String container, List<String> command, boolean tty, boolean stdin);

    /** The cloud cannot run it; the message says why in words a user can act on. */
    final class ExecUnavailableException extends RuntimeException {
        public ExecUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
