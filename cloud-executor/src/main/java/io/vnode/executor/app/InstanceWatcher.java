package io.vnode.executor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.executor.domain.CloudException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the cluster's instances, never one poll per pod: per region, an {@link InstanceStatusPoll}
 * every poll interval and an {@link InstanceResync} (with its orphan sweep and token renewal passes)
 * every resync interval, on threads of their own so that a long listing does not delay the statuses.
 * Both observe through the region's {@link RegionInstances}. A failed round is logged and the next one
 * runs as scheduled.
 */
public class InstanceWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InstanceWatcher.class);

    private record WatchedRegion(RegionInstances instances, InstanceStatusPoll poll, InstanceResync resync) {
        String name() {
            return instances.region();
        }
    }

    private final WatchPolicy props;
    private final Clock clock;
    private final List<WatchedRegion> regions;
    private volatile ScheduledExecutorService executor;

    public InstanceWatcher(CloudInstances cloud, PodDirectory pods, InstanceEventSink sink, KnownInstances known,
                           WatchPolicy props, InstanceEvents events, Clock clock, MeterRegistry meters) {
        this(cloud, pods, sink, known, props, events, clock, meters, null, null);
    }

    /**
     * @param tokens mints the renewed tokens; null: tokens are not renewed
     * @param tokenMaxAge renew a token older than this even before 80% of its lifetime; null: no maximum age
     */
    public InstanceWatcher(CloudInstances cloud, PodDirectory pods, InstanceEventSink sink, KnownInstances known,
                           WatchPolicy props, InstanceEvents events, Clock clock, MeterRegistry meters,
                           TokenIssuer tokens, Duration tokenMaxAge) {
        this.props = props;
        this.clock = clock;
        OrphanSweep sweep = props.sweepEnabled() ? new OrphanSweep(cloud, pods, sink, known, events, meters,
                props.clusterId(), props.regions()) : null;
        TokenRenewal renewal = tokens == null ? null : new TokenRenewal(cloud, tokens, clock, tokenMaxAge, meters);
        this.regions = props.regions().stream().distinct().map(region -> {
            RegionInstances instances = new RegionInstances(region, props.clusterId(), events, sink, known, meters);
            return new WatchedRegion(instances, new InstanceStatusPoll(cloud, instances, props.pollInterval()),
                    new InstanceResync(cloud, instances, sweep, renewal, clock));
        }).toList();
    }

    /** Started with the application, unless an election starts it ({@link WatchPolicy#elected()}). */
    @Override
    public boolean isAutoStartup() {
        return !props.elected();
    }

    @Override
    public synchronized void start() {
        if (!props.enabled() || executor != null) {
            return;
        }
        executor = Executors.newScheduledThreadPool(2 * regions.size(), r -> {
            Thread t = new Thread(r, "instance-watcher");
            t.setDaemon(true);
            return t;
        });
        long resyncMillis = props.resyncInterval().toMillis();
        long pollMillis = props.pollInterval().toMillis();
        for (WatchedRegion region : regions) {
            executor.scheduleWithFixedDelay(() -> resync(region), 0, resyncMillis, TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(() -> poll(region), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the rounds; started again, the watch begins with a full resync. */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService e = executor;
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        executor = null;
        regions.forEach(r -> r.poll().reset());
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops tracking an instance deleted on request (its disappearance is not a vanish). */
    public void forget(String instanceId) {
        regions.forEach(r -> r.instances().forget(instanceId));
    }

    private void resync(WatchedRegion region) {
        logFailures(region, () -> {
            Instant now = clock.instant();
            region.resync().run();
            region.poll().startFrom(now);
        });
    }

    private void poll(WatchedRegion region) {
        if (region.poll().started()) {
            logFailures(region, () -> region.poll().run(clock.instant()));
        }
    }

    private static void logFailures(WatchedRegion region, Runnable round) {
        try {
            round.run();
        } catch (CloudException e) {
            log.warn("watch {}: {}", region.name(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("watch {} failed: {}", region.name(), e.toString());
        }
    }
}
