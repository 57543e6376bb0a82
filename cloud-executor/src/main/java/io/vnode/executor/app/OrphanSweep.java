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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orphan sweep, one pass per full listing of a region: instances whose pod is gone in two
 * consecutive passes are deleted (InstanceDeleted OrphanSwept), pods whose instance vanished in two
 * consecutive passes get InstanceDeleted(Vanished). Blocking; one pass at a time per region.
 */
final class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final CloudInstances cloud;
    private final PodDirectory pods;
    private final InstanceEventSink sink;
    private final KnownInstances known;
    private final InstanceEvents events;
    private final MeterRegistry meters;
    private final Map<String, OrphanSweeper> sweepers = new ConcurrentHashMap<>();

    OrphanSweep(CloudInstances cloud, PodDirectory pods, InstanceEventSink sink, KnownInstances known,
                InstanceEvents events, MeterRegistry meters) {
        this.cloud = cloud;
        this.pods = pods;
        this.sink = sink;
        this.known = known;
        this.events = events;
        this.meters = meters;
    }

    /**
     * @param instances every instance of the cluster in the region, as just listed
     * @param forgetInstance told of each orphan deleted (its disappearance is then no vanish)
     */
    void pass(String region, List<CloudInstance> instances, Consumer<String> forgetInstance) {
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
        OrphanSweeper.Decision decision = sweepers.computeIfAbsent(region, r -> new OrphanSweeper())
                .pass(instances, withExpectation);
        Counter.builder("vnode.instance.sweep.passes").tag("region", region).register(meters).increment();
        decision.orphansToDelete().forEach(orphan -> deleteOrphan(region, orphan, forgetInstance));
        decision.vanished().forEach(v -> reportVanished(region, v));
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
        orphan.pod().ifPresent(pod -> sink.publish(events.deleted(pod, orphan.virtualNode(), null, orphan.id(),
                InstanceDeleted.REASON_ORPHAN_SWEPT)));
    }

    private void reportVanished(String region, OrphanSweeper.Vanished v) {
        PodRef pod = v.pod();
        log.info("sweep {}: instance {} of pod {} vanished", region, v.instanceId(), pod);
        known.removePod(pod.uid());
        sink.publish(events.deleted(pod, v.virtualNode(), null, v.instanceId(), InstanceDeleted.REASON_VANISHED));
    }
}
