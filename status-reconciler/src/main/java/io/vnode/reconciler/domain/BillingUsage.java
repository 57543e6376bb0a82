package io.vnode.reconciler.domain;

import io.vnode.contracts.instance.InstanceSpec;
import java.time.Duration;
import java.time.Instant;

/** Resource-seconds of one billed interval: cpu, memory and GPU times the billed seconds. */
public record BillingUsage(double seconds, double vcpuSeconds, double gibSeconds, double gpuSeconds) {

    /** Usage of {@code spec} between the start and stop marks (0 when stop is not after start). */
    public static BillingUsage of(InstanceSpec spec, Instant start, Instant stop) {
        double seconds = Math.max(0, Duration.between(start, stop).toMillis() / 1000.0);
        double cpu = spec.cpu() == null ? 0 : spec.cpu();
        double mem = spec.memoryGiB() == null ? 0 : spec.memoryGiB();
        double gpu = spec.gpu() == null ? 0 : spec.gpu();
        return new BillingUsage(seconds, cpu * seconds, mem * seconds, gpu * seconds);
    }
}
