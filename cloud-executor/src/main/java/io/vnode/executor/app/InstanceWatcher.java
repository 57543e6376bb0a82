package io.vnode.executor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.StatusTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One poller per region (one thread each): every poll interval, the ids of instances whose status
 * changed (DescribeContainerGroupStatus, SinceSecond, pages of 200) or that have new events
 * (DescribeContainerGroupEvents) are described in batches of 20 (DescribeContainerGroups) and an
 * InstanceStatusChanged is published only for what changed. Every resync interval, a full listing
 * by the cluster tag (pages of 20) re-observes every instance (level-triggered) and makes one
 * {@link OrphanSweep} pass. Never one poll per pod.
 */
public class InstanceWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InstanceWatcher.class);

    private final CloudInstances cloud;
    private final InstanceEventSink sink;
    private final KnownInstances known;
    private final WatchPolicy props;
    private final List<String> regions;
    private final String clusterId;
    private final Clock clock;
    private final MeterRegistry meters;
    private final OrphanSweep orphanSweep;
    private final Map<String, RegionState> states = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    private static final class RegionState {
        final StatusTracker tracker;
        volatile Instant lastPoll;
        volatile Instant lastResync = Instant.MIN;

        RegionState(StatusTracker tracker) {
            this.tracker = tracker;
        }
    }

    public InstanceWatcher(CloudInstances cloud, PodDirectory pods, InstanceEventSink sink, KnownInstances known,
                           WatchPolicy props, InstanceEvents events, Clock clock, MeterRegistry meters) {
        this.cloud = cloud;
        this.sink = sink;
        this.known = known;
        this.props = props;
        this.regions = props.regions();
        this.clusterId = props.clusterId();
        this.clock = clock;
        this.meters = meters;
        this.orphanSweep = new OrphanSweep(cloud, pods, sink, known, events, meters);
        for (String region : regions) {
            states.put(region, new RegionState(new StatusTracker(events.sequencer())));
        }
    }

    @Override
    public void start() {
        if (!props.enabled()) {
            return;
        }
        executor = Executors.newScheduledThreadPool(2 * regions.size(), r -> {
            Thread t = new Thread(r, "instance-watcher");
            t.setDaemon(true);
            return t;
        });
        for (String region : regions) {
            // side by side: a full listing of 50,000 instances pages for minutes, and the poll waiting
            // behind it left every pod's status minutes late (the 50,000-pod run's staircase)
            executor.scheduleWithFixedDelay(() -> resyncTick(region), 0, props.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(() -> pollTick(region), props.pollInterval().toMillis(),
                    props.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
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
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops tracking an instance deleted on request (its disappearance is not a vanish). */
    public void forget(String instanceId) {
        states.values().forEach(s -> s.tracker.forget(instanceId));
    }

    void resyncTick(String region) {
        RegionState state = states.get(region);
        try {
            Instant now = clock.instant();
            resync(region, state, now);
            state.lastResync = now;
            if (state.lastPoll == null) {
                state.lastPoll = now;
            }
        } catch (CloudException e) {
            log.warn("watch {}: {}", region, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("watch {} failed: {}", region, e.toString());
        }
    }

    void pollTick(String region) {
        RegionState state = states.get(region);
        if (state.lastPoll == null) {
            return; // the first listing is not done: it observes everything anyway
        }
        try {
            Instant now = clock.instant();
            poll(region, state, now);
            state.lastPoll = now;
        } catch (CloudException e) {
            log.warn("watch {}: {}", region, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("watch {} failed: {}", region, e.toString());
        }
    }

    private Map<String, String> clusterTag() {
        return Map.of(Keys.TAG_CLUSTER_ID, clusterId);
    }

    /** Incremental: only instances the cloud reports as changed since the last poll (plus a margin). */
    void poll(String region, RegionState state, Instant now) {
        long since = Math.max(1, Duration.between(state.lastPoll, now).toSeconds() + 2 * props.pollInterval().toSeconds() + 5);
        Set<String> changed = new LinkedHashSet<>();
        try {
            changed.addAll(allIds(region, since, true));
        } catch (CloudException e) {
            log.warn("watch {}: status feed failed: {}", region, e.getMessage());
        }
        try {
            changed.addAll(allIds(region, since, false));
        } catch (CloudException e) {
            log.warn("watch {}: event feed failed: {}", region, e.getMessage());
        }
        List<String> ids = new ArrayList<>(changed);
        for (int i = 0; i < ids.size(); i += 20) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + 20));
            long fetched = state.tracker.ticket();
            CloudInstances.Page<CloudInstance> page = withPageRetries(() -> cloud.describe(region, clusterTag(), batch, null));
            page.items().forEach(instance -> observe(state, instance, now, fetched));
        }
    }

    private List<String> allIds(String region, long since, boolean status) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            CloudInstances.Page<String> page = withPageRetries(() -> (status
                    ? cloud.changedStatus(region, since, clusterTag(), pageToken)
                    : cloud.changedEvents(region, since, clusterTag(), pageToken)));
            ids.addAll(page.items());
            token = page.last() ? null : page.nextToken();
        } while (token != null);
        return ids;
    }

    private static final int PAGE_ATTEMPTS = 8;
    private static final Backoff PAGE_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.5);

    /**
     * One page of a listing, retried on throttling and transient errors: a full resync of N instances
     * is N/20 pages, and under throttling a listing that gave up at its first refused page would never
     * complete (the chaos run showed it: 30% throttling, 100 pages, no resync and no status for minutes).
     * Runs on the watcher's own thread, so the backoff blocks nothing else.
     */
    static <T> T withPageRetries(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CloudException e) {
                if (!e.error().retryable() || attempt >= PAGE_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(PAGE_BACKOFF.delay(attempt, java.util.concurrent.ThreadLocalRandom.current().nextDouble()).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Level-triggered: every instance of the cluster, then one sweep pass. */
    void resync(String region, RegionState state, Instant now) {
        List<CloudInstance> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long listedFrom = state.tracker.ticket();
        String token = null;
        do {
            String pageToken = token;
            long fetched = state.tracker.ticket();
            CloudInstances.Page<CloudInstance> page = withPageRetries(() -> cloud.describe(region, clusterTag(), null, pageToken));
            all.addAll(page.items());
            for (CloudInstance instance : page.items()) { // each page as it comes, stamped with its fetch time
                ids.add(instance.id());
                observe(state, instance, clock.instant(), fetched);
            }
            token = page.last() ? null : page.nextToken();
        } while (token != null);
        state.tracker.retainOnly(ids, listedFrom);
        if (props.sweepEnabled()) {
            orphanSweep.pass(region, all, state.tracker::forget);
        }
    }

    private void observe(RegionState state, CloudInstance instance, Instant now, long fetchTicket) {
        state.tracker.observe(instance, now, fetchTicket).ifPresent(event -> {
            sink.publish(event);
            Counter.builder("vnode.instance.status.changes").register(meters).increment();
        });
        if (instance.podUid() != null) {
            known.put(instance.podUid(), instance.id());
        }
    }
}
