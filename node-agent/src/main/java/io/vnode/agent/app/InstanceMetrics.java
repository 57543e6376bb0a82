package io.vnode.agent.app;

import io.vnode.agent.domain.PodUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Outbound port: what instances use now, as the cloud measures it (ECI DescribeMultiContainerGroupMetric).
 * Blocking; thread-safe.
 */
public interface InstanceMetrics {

    /** The most ids one read takes. */
    int MAX_IDS = 50;

    /** One instance's measure: its sum, its containers, and when the cloud took it. */
    record Measured(Instant at, PodUsage.Usage instance, List<PodUsage.ContainerUsage> containers) {
    }

    /**
     * @param instanceIds at most {@link #MAX_IDS}
     * @return by instance id; an instance the cloud has no figures for is left out
     * @throws Unavailable when the cloud cannot be read
     */
    Map<String, Measured> read(List<String> instanceIds);

    /** The cloud could not be read: {@code httpStatus} for the caller (502 the cloud's error, 503 unreachable or no key). */
    final class Unavailable extends RuntimeException {
        private final int httpStatus;

        public Unavailable(int httpStatus, String message, Throwable cause) {
            super(message, cause);
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }
}
