package io.vnode.agent.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.agent.domain.PodLifecyclePolicy;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodGone;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the pod informers see into pod lifecycle events. Called from informer threads; thread-safe.
 *
 * <p>A bound or deleting pod that fails to publish is not remembered: the next resync (or update) sees it
 * again and republishes (level-triggered). A gone pod is not seen again, so its event is kept and
 * redelivered by {@link #redeliverUndelivered()} until the broker takes it.
 */
public class PodLifecycleService {

    private static final Logger LOG = LoggerFactory.getLogger(PodLifecycleService.class);

    private final PodEventSink sink;
    private final NamespaceLabels namespaceLabels;
    private final Function<Pod, Map<String, Object>> manifestOf;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, PodGone> undeliveredGone = new ConcurrentHashMap<>();

    public PodLifecycleService(PodEventSink sink, NamespaceLabels namespaceLabels,
                               Function<Pod, Map<String, Object>> manifestOf, Clock clock, MeterRegistry meters) {
        this.sink = sink;
        this.namespaceLabels = namespaceLabels;
        this.manifestOf = manifestOf;
        this.clock = clock;
        this.meters = meters;
    }

    /** A pod on {@code node} was added, updated or resynced. */
    public void observed(String node, Pod pod) {
        if (!node.equals(pod.getSpec() == null ? null : pod.getSpec().getNodeName())) {
            return; // another node's pod: never ours, whatever the watch delivered
        }
        PodLifecyclePolicy.PodNeed need = PodLifecyclePolicy.needOf(pod);
        if (need == PodLifecyclePolicy.PodNeed.NOTHING) {
            return;
        }
        Map<String, Object> manifest = need == PodLifecyclePolicy.PodNeed.INSTANCE ? manifestOf.apply(pod) : Map.of();
        Map<String, String> nsLabels = need == PodLifecyclePolicy.PodNeed.INSTANCE
                ? namespaceLabels.labelsOf(pod.getMetadata().getNamespace()) : Map.of();
        Optional<PodEvent> event = PodLifecyclePolicy.onObserved(pod, manifest, nsLabels, node, clock.instant());
        event.ifPresent(e -> send(e, false));
    }

    /** A pod on {@code node} left the API server. */
    public void gone(String node, Pod pod) {
        if (!node.equals(pod.getSpec() == null ? null : pod.getSpec().getNodeName())) {
            return;
        }
        PodGone gone = PodLifecyclePolicy.onGone(pod, node, clock.instant());
        if (!send(gone, true)) {
            undeliveredGone.put(gone.pod().uid(), gone);
        }
    }

    /** Retries gone events the broker did not take. */
    public void redeliverUndelivered() {
        undeliveredGone.values().forEach(g -> {
            if (send(g, true)) {
                undeliveredGone.remove(g.pod().uid(), g);
            }
        });
    }

    public int undeliveredCount() {
        return undeliveredGone.size();
    }

    private boolean send(PodEvent event, boolean willRetry) {
        String type = EventCodec.typeOf(event);
        try {
            sink.publish(event);
            meters.counter("vnode.agent.pod.events", "type", type, "outcome", "published").increment();
            return true;
        } catch (RuntimeException e) {
            meters.counter("vnode.agent.pod.events", "type", type, "outcome", "failed").increment();
            LOG.warn("{} for pod {} not published ({}); {}", type, event.pod(), e.getMessage(),
                    willRetry ? "kept for redelivery" : "the next resync republishes it");
            return false;
        }
    }
}
