package io.vnode.executor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.StatusTracker;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The instances of the cluster in one region as last observed, shared by the region's
 * {@link InstanceStatusPoll} and {@link InstanceResync}: an observation that changed what the pod
 * shows is published as InstanceStatusChanged, its sequence drawn from the executor's one
 * {@link InstanceEvents} sequencer. Thread-safe (the tracker is synchronized); publishing blocks.
 */
final class RegionInstances {

    private final String region;
    private final Map<String, String> clusterTag;
    private final StatusTracker tracker;
    private final InstanceEventSink sink;
    private final KnownInstances known;
    private final MeterRegistry meters;

    RegionInstances(String region, String clusterId, InstanceEvents events, InstanceEventSink sink,
                    KnownInstances known, MeterRegistry meters) {
        this.region = region;
        this.clusterTag = Map.of(Keys.TAG_CLUSTER_ID, clusterId);
        this.tracker = new StatusTracker(events.sequencer());
        this.sink = sink;
        this.known = known;
        this.meters = meters;
    }

    String region() {
        return region;
    }

    /** The tag filter of every call: only this cluster's instances. */
    Map<String, String> clusterTag() {
        return clusterTag;
    }

    /** Taken just before a fetch; orders observations (see {@link StatusTracker#ticket()}). */
    long ticket() {
        return tracker.ticket();
    }

    /**
     * Publishes InstanceStatusChanged if the instance, fetched after {@code fetchTicket}, changed; the
     * change is recorded only once published (a publish that fails throws, and the next observation
     * publishes it again).
     */
    void observe(CloudInstance instance, Instant now, long fetchTicket) {
        tracker.observe(instance, now, fetchTicket).ifPresent(event -> {
            sink.publish(event);
            tracker.published(instance, fetchTicket);
            Counter.builder("vnode.instance.status.changes").register(meters).increment();
        });
        if (instance.podUid() != null) {
            known.put(instance.podUid(), instance.id());
        }
    }

    /** After a full listing that began at {@code listedFrom}: forgets the instances it did not find. */
    void retainOnly(Set<String> listedIds, long listedFrom) {
        tracker.retainOnly(listedIds, listedFrom);
    }

    /** Stops tracking an instance: its next observation is published as a change. */
    void forget(String instanceId) {
        tracker.forget(instanceId);
    }
}
