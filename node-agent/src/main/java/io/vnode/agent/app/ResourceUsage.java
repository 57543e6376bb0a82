package io.vnode.agent.app;

import io.vnode.agent.domain.PodUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The resource usage of the pods on the virtual node, read from the cloud in batches of {@link
 * InstanceMetrics#MAX_IDS} instances and kept for {@code maxAge}: scrapes within that time (metrics-server
 * every 15 s, kubectl top, the Summary API) share one read, so 10,000 pods cost 200 calls per {@code
 * maxAge} whoever asks (at 15 s: 800 a minute, within DescribeMultiContainerGroupMetric's 2,000).
 * Thread-safe.
 */
public final class ResourceUsage {

    /** A pod on the virtual node that has an instance. */
    public record RunningPod(String namespace, String name, String uid, String instanceId, Instant startTime) {
    }

    private final InstanceMetrics cloud;
    private final Supplier<List<RunningPod>> pods;
    private final Clock clock;
    private final Duration maxAge;
    private List<PodUsage> last = List.of();
    private Instant readAt = Instant.MIN;
    private long reads;

    public ResourceUsage(InstanceMetrics cloud, Supplier<List<RunningPod>> pods, Clock clock, Duration maxAge) {
        this.cloud = cloud;
        this.pods = pods;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The usage of every pod with an instance, at most {@code maxAge} old. */
    public synchronized List<PodUsage> current() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(maxAge) < 0) {
            return last;
        }
        List<RunningPod> running = pods.get();
        Map<String, InstanceMetrics.Measured> measured = new HashMap<>();
        for (int from = 0; from < running.size(); from += InstanceMetrics.MAX_IDS) {
            List<String> ids = running.subList(from, Math.min(running.size(), from + InstanceMetrics.MAX_IDS)).stream()
                    .map(RunningPod::instanceId).toList();
            measured.putAll(cloud.read(ids));
            reads++;
        }
        List<PodUsage> usage = new ArrayList<>();
        for (RunningPod p : running) {
            InstanceMetrics.Measured m = measured.get(p.instanceId());
            if (m != null) {
                usage.add(new PodUsage(p.namespace(), p.name(), p.uid(), p.startTime(), m.at(), m.instance(), m.containers()));
            }
        }
        last = List.copyOf(usage);
        readAt = now;
        return last;
    }

    /** How many cloud reads were made so far. */
    public synchronized long reads() {
        return reads;
    }

    public Instant now() {
        return clock.instant();
    }
}
