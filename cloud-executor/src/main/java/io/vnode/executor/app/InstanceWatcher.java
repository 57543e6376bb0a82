package io.vnode.executor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.executor.adapter.cloud.EciCloudClient;
import io.vnode.executor.adapter.kafka.KafkaEventPublisher;
import io.vnode.executor.adapter.kube.KubePods;
import io.vnode.executor.config.WatchProperties;
import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.OrphanSweeper;
import io.vnode.executor.domain.OrphanSweeper.LivePod;
import io.vnode.executor.domain.Sequencer;
import io.vnode.executor.domain.StatusTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * orphan-sweep pass: instances whose pod is gone in two consecutive passes are deleted, pods whose
 * instance vanished in two consecutive passes get InstanceDeleted(Vanished). Never one poll per pod.
 */
public class InstanceWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InstanceWatcher.class);

    private final EciCloudClient cloud;
    private final KubePods pods;
    private final KafkaEventPublisher publisher;
    private final KnownInstances known;
    private final WatchProperties props;
    private final List<String> regions;
    private final String clusterId;
    private final InstanceEvents events;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, RegionState> states = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    private static final class RegionState {
        final StatusTracker tracker;
        final OrphanSweeper sweeper = new OrphanSweeper();
        volatile Instant lastPoll;
        volatile Instant lastResync = Instant.MIN;

        RegionState(Sequencer sequencer) {
            tracker = new StatusTracker(sequencer);
        }
    }

    public InstanceWatcher(EciCloudClient cloud, KubePods pods, KafkaEventPublisher publisher, KnownInstances known,
                           WatchProperties props, List<String> regions, String clusterId, Sequencer sequencer,
                           Clock clock, MeterRegistry meters) {
        this.cloud = cloud;
        this.pods = pods;
        this.publisher = publisher;
        this.known = known;
        this.props = props;
        this.regions = regions;
        this.clusterId = clusterId;
        this.clock = clock;
        this.meters = meters;
        this.events = new InstanceEvents(sequencer, clock);
        for (String region : regions) {
            states.put(region, new RegionState(sequencer));
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
            EciCloudClient.Page<CloudInstance> page = withPageRetries(() -> cloud.describe(region, clusterTag(), batch, null).block());
            page.items().forEach(instance -> observe(state, instance, now, fetched));
        }
    }

    private List<String> allIds(String region, long since, boolean status) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            String pageToken = token;
            EciCloudClient.Page<String> page = withPageRetries(() -> (status
                    ? cloud.changedStatus(region, since, clusterTag(), pageToken)
                    : cloud.changedEvents(region, since, clusterTag(), pageToken)).block());
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
            EciCloudClient.Page<CloudInstance> page = withPageRetries(() -> cloud.describe(region, clusterTag(), null, pageToken).block());
            all.addAll(page.items());
            for (CloudInstance instance : page.items()) { // each page as it comes, stamped with its fetch time
                ids.add(instance.id());
                observe(state, instance, clock.instant(), fetched);
            }
            token = page.last() ? null : page.nextToken();
        } while (token != null);
        state.tracker.retainOnly(ids, listedFrom);
        if (props.sweepEnabled()) {
            sweep(region, state, all);
        }
    }

    private void observe(RegionState state, CloudInstance instance, Instant now, long fetchTicket) {
        state.tracker.observe(instance, now, fetchTicket).ifPresent(event -> {
            publisher.publish(event);
            Counter.builder("vnode.instance.status.changes").register(meters).increment();
        });
        if (instance.podUid() != null) {
            known.put(instance.podUid(), instance.id());
        }
    }

    private void sweep(String region, RegionState state, List<CloudInstance> instances) {
        Map<String, LivePod> live;
        try {
            live = pods.livePods();
        } catch (RuntimeException e) {
            log.warn("sweep {}: cannot list pods, skipping this pass: {}", region, e.toString());
            return;
        }
        Map<String, LivePod> withExpectation = new HashMap<>();
        live.forEach((uid, p) -> withExpectation.put(uid, p.expectedInstanceId() != null ? p
                : new LivePod(p.pod(), p.virtualNode(), known.get(uid), p.terminating())));
        OrphanSweeper.Decision decision = state.sweeper.pass(instances, withExpectation);
        Counter.builder("vnode.instance.sweep.passes").tag("region", region).register(meters).increment();
        for (CloudInstance orphan : decision.orphansToDelete()) {
            try {
                cloud.delete(region, orphan.id(), true).block();
            } catch (CloudException e) {
                if (!(e.error() instanceof CloudError.NotFound)) {
                    log.warn("sweep {}: cannot delete orphan {}: {}", region, orphan.id(), e.getMessage());
                    continue;
                }
            }
            log.info("sweep {}: deleted orphan instance {} (pod {} gone)", region, orphan.id(), orphan.podUid());
            state.tracker.forget(orphan.id());
            known.removePod(orphan.podUid());
            Counter.builder("vnode.instance.orphans.deleted").register(meters).increment();
            orphan.pod().ifPresent(pod -> publisher.publish(events.deleted(pod, orphan.virtualNode(), null, orphan.id(),
                    InstanceDeleted.REASON_ORPHAN_SWEPT)));
        }
        for (OrphanSweeper.Vanished v : decision.vanished()) {
            PodRef pod = v.pod();
            log.info("sweep {}: instance {} of pod {} vanished", region, v.instanceId(), pod);
            known.removePod(pod.uid());
            publisher.publish(events.deleted(pod, v.virtualNode(), null, v.instanceId(), InstanceDeleted.REASON_VANISHED));
        }
    }
}
