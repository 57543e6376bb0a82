package io.vnode.agent.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.agent.domain.PodLifecyclePolicy;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodGone;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the pod informers see into pod lifecycle events. Called from informer threads; thread-safe.
 *
 * <p>A bound or deleting pod that fails to publish is not remembered: the next resync (or update) sees it
 * again and republishes (level-triggered). A gone pod is not seen again, so its event is kept and
 * redelivered by {@link #redeliverUndelivered()} until the broker takes it.
 *
 * <p>A bound pod whose record is larger than Kafka takes (a pod author can make one, with huge env values
 * or annotations) cannot be published however often it is tried: its owner is told once, by a Warning Event
 * {@value #REASON_TOO_LARGE} naming the size and the limit, and the pod is not tried again until its
 * generation changes (a new spec); the other pods go on.
 *
 * <p>A bound pod changes several times before its instance is recorded on it (kube-scheduler's
 * condition, other controllers' status writes), and each change is a new resourceVersion. Its PodBound
 * is published again only when what the instance is made from changed (generation, labels,
 * annotations) or {@code republishAfter} has passed since it was published, so the pod is translated
 * and created once; the resync after that window still republishes a pod that has no instance yet.
 *
 * <p>With several agent replicas (each watches the node's pods) only the one that leads the heartbeat
 * publishes bound pods, or every pod would be translated and created once per replica; deletions are
 * published by every replica (a duplicate is dropped downstream, a missed one would leave an instance
 * running until the executor's orphan sweep). The replica that takes the lead observes every pod again.
 */
public class PodLifecycleService {

    private static final Logger LOG = LoggerFactory.getLogger(PodLifecycleService.class);

    /** The Event reason on a pod whose pod.bound record is over Kafka's size limit. */
    public static final String REASON_TOO_LARGE = "PodTooLarge";

    private final PodEventSink sink;
    private final NamespaceLabels namespaceLabels;
    private final Function<Pod, Map<String, Object>> manifestOf;
    private final Clock clock;
    private final MeterRegistry meters;
    private final PodNotices notices;
    private final Map<String, PodGone> undeliveredGone = new ConcurrentHashMap<>();
    private final Map<String, Long> tooLargeGeneration = new ConcurrentHashMap<>();
    private final Map<String, Published> bound = new ConcurrentHashMap<>();
    private final Duration republishAfter;
    private volatile BooleanSupplier publishesBound = () -> true;

    /** The PodBound last published for a pod still without instance: what it was made from, and when. */
    private record Published(int fingerprint, Instant at) {
    }

    /** @param republishAfter how long an unchanged bound pod is not published again (resyncs after it are) */
    public PodLifecycleService(PodEventSink sink, NamespaceLabels namespaceLabels,
                               Function<Pod, Map<String, Object>> manifestOf, Clock clock, MeterRegistry meters,
                               PodNotices notices, Duration republishAfter) {
        this.republishAfter = republishAfter;
        this.sink = sink;
        this.notices = notices;
        this.namespaceLabels = namespaceLabels;
        this.manifestOf = manifestOf;
        this.clock = clock;
        this.meters = meters;
    }

    /** Bound pods are published only while {@code leading} says so (the heartbeat's lead); all by default. */
    public void publishBoundOnlyWhile(BooleanSupplier leading) {
        this.publishesBound = leading;
    }

    /** A pod on {@code node} was added, updated or resynced. */
    public void observed(String node, Pod pod) {
        if (!node.equals(pod.getSpec() == null ? null : pod.getSpec().getNodeName())) {
            return; // another node's pod: never ours, whatever the watch delivered
        }
        PodLifecyclePolicy.PodNeed need = PodLifecyclePolicy.needOf(pod);
        String uid = pod.getMetadata().getUid();
        if (need != PodLifecyclePolicy.PodNeed.INSTANCE) {
            bound.remove(uid);
        }
        if (need == PodLifecyclePolicy.PodNeed.NOTHING) {
            return;
        }
        if (need == PodLifecyclePolicy.PodNeed.INSTANCE && generationOf(pod).equals(tooLargeGeneration.get(uid))) {
            return;
        }
        if (need == PodLifecyclePolicy.PodNeed.INSTANCE && !publishesBound.getAsBoolean()) {
            bound.remove(uid); // whoever leads publishes it; this replica publishes it again if it takes the lead
            meters.counter("vnode.agent.pod.events", "type", "pod.bound.v1", "outcome", "not-leading").increment();
            return;
        }
        Instant now = clock.instant();
        int fingerprint = need == PodLifecyclePolicy.PodNeed.INSTANCE ? fingerprint(pod) : 0;
        if (need == PodLifecyclePolicy.PodNeed.INSTANCE) {
            Published last = bound.get(uid);
            if (last != null && last.fingerprint() == fingerprint && now.isBefore(last.at().plus(republishAfter))) {
                meters.counter("vnode.agent.pod.events", "type", "pod.bound.v1", "outcome", "unchanged").increment();
                return;
            }
        }
        Map<String, Object> manifest = need == PodLifecyclePolicy.PodNeed.INSTANCE ? manifestOf.apply(pod) : Map.of();
        Map<String, String> nsLabels = need == PodLifecyclePolicy.PodNeed.INSTANCE
                ? namespaceLabels.labelsOf(pod.getMetadata().getNamespace()) : Map.of();
        Optional<PodEvent> event = PodLifecyclePolicy.onObserved(pod, manifest, nsLabels, node, now);
        if (event.isPresent() && send(event.get(), false, pod) && need == PodLifecyclePolicy.PodNeed.INSTANCE) {
            bound.put(uid, new Published(fingerprint, now));
        }
    }

    /** What a PodBound is made from besides the immutable: the spec's generation, labels, annotations. */
    private static int fingerprint(Pod pod) {
        return Objects.hash(pod.getMetadata().getGeneration(), pod.getMetadata().getLabels(), pod.getMetadata().getAnnotations());
    }

    /** A pod on {@code node} left the API server. */
    public void gone(String node, Pod pod) {
        if (!node.equals(pod.getSpec() == null ? null : pod.getSpec().getNodeName())) {
            return;
        }
        tooLargeGeneration.remove(pod.getMetadata().getUid());
        bound.remove(pod.getMetadata().getUid());
        PodGone gone = PodLifecyclePolicy.onGone(pod, node, clock.instant());
        if (!send(gone, true, null)) {
            undeliveredGone.put(gone.pod().uid(), gone);
        }
    }

    /** Retries gone events the broker did not take. */
    public void redeliverUndelivered() {
        undeliveredGone.values().forEach(g -> {
            if (send(g, true, null)) {
                undeliveredGone.remove(g.pod().uid(), g);
            }
        });
    }

    static String tooLargeMessage(String type, PodEventSink.TooLargeException e, long generation) {
        return String.format("The virtual node cannot create an instance for this pod: its %s record is %,d bytes, over "
                + "Kafka's limit of %,d bytes (the producer's max.request.size, or the topic's max.message.bytes). Make the "
                + "pod smaller (env values, annotations, command arguments) or raise the limit; it is not tried again until "
                + "its spec changes (generation %d).", type, e.recordBytes(), e.limitBytes(), generation);
    }

    private static Long generationOf(Pod pod) {
        Long g = pod.getMetadata().getGeneration();
        return g == null ? 0L : g;
    }

    public int undeliveredCount() {
        return undeliveredGone.size();
    }

    /** @param pod the pod the event is of, told when its record is too large; null for gone pods */
    private boolean send(PodEvent event, boolean willRetry, Pod pod) {
        String type = EventCodec.typeOf(event);
        try {
            sink.publish(event);
            meters.counter("vnode.agent.pod.events", "type", type, "outcome", "published").increment();
            return true;
        } catch (PodEventSink.TooLargeException e) {
            meters.counter("vnode.agent.pod.events", "type", type, "outcome", "too-large").increment();
            if (pod == null) {
                LOG.warn("{} for pod {} is larger than Kafka takes ({}); {}", type, event.pod(), e.getMessage(),
                        willRetry ? "kept for redelivery" : "dropped");
                return false;
            }
            tooLargeGeneration.put(pod.getMetadata().getUid(), generationOf(pod));
            LOG.warn("{} for pod {} not published: {}; the pod is told and not tried again until its spec changes",
                    type, event.pod(), e.getMessage());
            notices.warn(pod, REASON_TOO_LARGE, tooLargeMessage(type, e, generationOf(pod)));
            return false;
        } catch (RuntimeException e) {
            meters.counter("vnode.agent.pod.events", "type", type, "outcome", "failed").increment();
            LOG.warn("{} for pod {} not published ({}); {}", type, event.pod(), e.getMessage(),
                    willRetry ? "kept for redelivery" : "the next resync republishes it");
            return false;
        }
    }
}
