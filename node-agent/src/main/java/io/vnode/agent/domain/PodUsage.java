package io.vnode.agent.domain;

import java.time.Instant;
import java.util.List;

/**
 * What a pod on the virtual node uses, as the cloud measured it at {@code at}: CPU now (nano cores) and
 * in all (core nanoseconds since its containers started), and memory working set, per container and in
 * sum.
 */
public record PodUsage(String namespace, String name, String uid, Instant startTime, Instant at, Usage pod,
                       List<ContainerUsage> containers) {

    public PodUsage {
        containers = List.copyOf(containers);
    }

    /** One measure: CPU now and in all, memory working set. */
    public record Usage(long usageNanoCores, long usageCoreNanoSeconds, long workingSetBytes) {
    }

    public record ContainerUsage(String name, Usage usage) {
    }
}
