package io.vnode.agent.app;

import java.time.Instant;

/**
 * Outbound port: a container's log as the cloud keeps it (ECI DescribeContainerLog). Blocking (callers
 * run it on a bounded elastic scheduler); thread-safe.
 */
public interface ContainerLogs {

    /**
     * @param tailLines last N lines, or null for what the cloud returns by default
     * @param previous the previous (restarted) container's log, where the cloud keeps it
     * @param since only lines after this time, or null
     * @throws LogsUnavailableException with a message a user can act on
     */
    String logs(String instanceId, String container, Integer tailLines, boolean timestamps, boolean previous, Instant since);

    final class LogsUnavailableException extends RuntimeException {
        private final int httpStatus;

        public LogsUnavailableException(int httpStatus, String message, Throwable cause) {
            super(message, cause);
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }
}
