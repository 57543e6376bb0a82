package io.vnode.executor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.OrphanSweeper;
import io.vnode.executor.domain.OrphanSweeper.LivePod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orphan sweep, one pass per full listing of a region: instances of this cluster whose pod is
 * gone in two consecutive passes are deleted (InstanceDeleted OrphanSwept); pods whose instance is
 * missing in two consecutive passes, and that a lookup by id in every watched region does not find,
 * get InstanceDeleted(Vanished). A pod list that cannot be read, or is empty, skips the pass. What
 * a pass did is recorded only once its event is published: an event that could not be published is
 * published again at the next pass. Blocking; one pass at a time per region.
 */
final class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    private static final int DESCRIBE_BATCH = 20;

    private final CloudInstances cloud;
    private final PodDirectory pods;
    private final InstanceEventSink sink;
    private final KnownInstances known;
    private final InstanceEvents events;
    private final MeterRegistry meters;
    private final String clusterId;
    private final List<String> regions;
    private final Map<String, OrphanSweeper> sweepers = new ConcurrentHashMap<>();
    /** Orphans deleted whose InstanceDeleted is not published yet, by instance id. */
    private final Map<String, InstanceDeleted> unpublished = new ConcurrentHashMap<>();

    /**
     * @param clusterId this cluster's tag value: only instances carrying it are swept
     * @param regions every watched region (where a missing instance is looked up by id)
     */
    OrphanSweep(CloudInstances cloud, PodDirectory pods, InstanceEventSink sink, KnownInstances known,
                InstanceEvents events, MeterRegistry meters, String clusterId, List<String> regions) {
        this.cloud = cloud;
        this.pods = pods;
        this.sink = sink;
        this.known = known;
        this.events = events;
        this.meters = meters;
        this.clusterId = clusterId;
        this.regions = List.copyOf(regions);
    }

    /**
     * @param instances every instance of the cluster in the region, as just listed
     * @param forgetInstance told of each orphan deleted (its disappearance is then no vanish)
     */
    void pass(String region, List<CloudInstance> instances, Consumer<String> forgetInstance) {
        publishUnpublished();
        Map<String, LivePod> live;
        try {
            live = pods.livePods();
        } catch (RuntimeException e) {
            log.warn("sweep {}: cannot list pods, skipping this pass: {}", region, e.toString());
            return;
        }
        if (live.isEmpty()) {
            log.warn("sweep {}: the pod list is empty, skipping this pass", region);
            return;
        }
        Map<String, LivePod> withExpectation = new HashMap<>();
        live.forEach((uid, p) -> withExpectation.put(uid, p.expectedInstanceId() != null ? p
                : new LivePod(p.pod(), p.virtualNode(), known.get(uid), p.terminating())));
        OrphanSweeper sweeper = sweepers.computeIfAbsent(region, r -> new OrphanSweeper(clusterId));
        OrphanSweeper.Decision decision = sweeper.pass(instances, withExpectation);
        Counter.builder("vnode.instance.sweep.passes").tag("region", region).register(meters).increment();
        decision.orphansToDelete().forEach(orphan -> deleteOrphan(region, orphan, forgetInstance));
        if (!decision.vanished().isEmpty()) {
            Set<String> stillThere = existing(decision.vanished().stream().map(OrphanSweeper.Vanished::instanceId).toList());
            decision.vanished().stream().filter(v -> !stillThere.contains(v.instanceId()))
                    .forEach(v -> reportVanished(region, v, sweeper));
        }
    }

    private void deleteOrphan(String region, CloudInstance orphan, Consumer<String> forgetInstance) {
        try {
            cloud.delete(region, orphan.id(), true);
        } catch (CloudException e) {
            if (!(e.error() instanceof CloudError.NotFound)) {
                log.warn("sweep {}: cannot delete orphan {}: {}", region, orphan.id(), e.getMessage());
                return;
            }
        }
        log.info("sweep {}: deleted orphan instance {} (pod {} gone)", region, orphan.id(), orphan.podUid());
        forgetInstance.accept(orphan.id());
        known.removePod(orphan.podUid());
        Counter.builder("vnode.instance.orphans.deleted").register(meters).increment();
        orphan.pod().ifPresent(pod -> {
            unpublished.put(orphan.id(), events.deleted(pod, orphan.virtualNode(), null, orphan.id(),
                    InstanceDeleted.REASON_ORPHAN_SWEPT));
            publishUnpublished();
        });
    }

    /** Publishes the events of deleted orphans not yet published; each is dropped once published. */
    private void publishUnpublished() {
        for (Map.Entry<String, InstanceDeleted> e : unpublished.entrySet()) {
            try {
                sink.publish(e.getValue());
                unpublished.remove(e.getKey());
            } catch (InstanceEventSink.PublishFailed failed) {
                log.warn("sweep: InstanceDeleted of orphan {} not published, again at the next pass: {}", e.getKey(),
                        failed.getMessage());
                return;
            }
        }
    }

    /** Which of these instance ids the cloud still has, in any watched region (whatever their tags). */
    private Set<String> existing(List<String> ids) {
        Set<String> found = new HashSet<>();
        for (String region : regions) {
            for (int i = 0; i < ids.size(); i += DESCRIBE_BATCH) {
                List<String> batch = ids.subList(i, Math.min(ids.size(), i + DESCRIBE_BATCH));
                try {
                    String token = null;
                    do {
                        String pageToken = token;
                        CloudInstances.Page<CloudInstance> page = PageRetries.call(
                                () -> cloud.describe(region, Map.of(), batch, pageToken));
                        page.items().forEach(instance -> found.add(instance.id()));
                        token = page.last() ? null : page.nextToken();
                    } while (token != null);
                } catch (CloudException e) {
                    log.warn("sweep: cannot look up instances {} in {}, not reporting them: {}", batch, region,
                            e.getMessage());
                    found.addAll(batch);
                }
            }
        }
        return found;
    }

    private void reportVanished(String region, OrphanSweeper.Vanished v, OrphanSweeper sweeper) {
        PodRef pod = v.pod();
        try {
            sink.publish(events.deleted(pod, v.virtualNode(), null, v.instanceId(), InstanceDeleted.REASON_VANISHED));
        } catch (InstanceEventSink.PublishFailed e) {
            log.warn("sweep {}: vanished instance {} of pod {} not reported, again at the next pass: {}", region,
                    v.instanceId(), pod, e.getMessage());
            return;
        }
        log.info("sweep {}: instance {} of pod {} vanished", region, v.instanceId(), pod);
        sweeper.reported(v.instanceId());
        known.removePod(pod.uid());
    }
}
