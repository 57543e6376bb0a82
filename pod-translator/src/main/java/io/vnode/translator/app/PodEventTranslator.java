package io.vnode.translator.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.Envelope;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodDeleting;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodGone;
import io.vnode.contracts.pod.PodRejected;
import io.vnode.contracts.pod.RejectionReason;
import io.vnode.translator.domain.PodEventCheck;
import io.vnode.translator.domain.PodTranslator;
import io.vnode.translator.domain.RequestLimits;
import io.vnode.translator.domain.Translation;
import io.vnode.translator.domain.TranslationContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The use case: one record of the pod lifecycle topic -> the command or rejection to publish, or a
 * dead letter. PodBound -> CreateInstance or PodRejected; PodDeleting -> DeleteInstance (force when
 * the grace period is 0); PodGone -> DeleteInstance (podGone); both deletes carry the translator's
 * region. pod, virtualNode, sequence and traceparent are copied; eventId is new and occurredAt is now. Idempotent: the same input gives the
 * same command (same ClientToken), which the executor treats as one.
 *
 * <p>A record that is not a lifecycle event, or decodes but is unusable ({@link PodEventCheck}), or
 * whose manifest cannot be translated at all, is a dead letter; when it is a pod-bound record whose
 * pod can be identified, the pod is also told (PodRejected, InvalidPod), so it does not stay Pending
 * without a word. A create command that would not fit in one Kafka record ({@code maxRecordBytes})
 * becomes the pod's rejection naming its size and the limit. Thread-safe.
 */
public final class PodEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(PodEventTranslator.class);

    /** Bytes a record takes besides its value, key and headers (Kafka's record and batch framing), with margin. */
    static final int RECORD_OVERHEAD_BYTES = 256;
    /** The longest rejection message: a person's reading, not a record's content. */
    static final int MAX_MESSAGE_CHARS = 2000;
    /** Room for a dead letter's headers: reason (at most 1,000 characters), original topic, key, traceparent. */
    static final int DEAD_LETTER_HEADERS_BYTES = 4096;

    private final TranslationContext base;
    private final ProfileSource profile;
    private final PodManifests manifests;
    private final ConfigMapSizes configMaps;
    private final int maxRecordBytes;
    private final Clock clock;

    /**
     * @param maxRecordBytes the producer's largest record ({@code max.request.size}, 1 MiB by default)
     */
    public PodEventTranslator(TranslationContext base, ProfileSource profile, PodManifests manifests,
                              ConfigMapSizes configMaps, int maxRecordBytes, Clock clock) {
        this.base = base;
        this.profile = profile;
        this.manifests = manifests;
        this.configMaps = configMaps;
        this.maxRecordBytes = maxRecordBytes;
        this.clock = clock;
    }

    /** Decides what one record becomes; never throws. */
    public Handling handle(byte[] payload) {
        PodEvent event;
        try {
            event = EventCodec.decode(payload, PodEvent.class);
        } catch (RuntimeException e) {
            String reason = Envelope.reasonOf(e);
            return deadLetter(payload, reason, tellUndecodable(payload, reason));
        }
        Optional<String> problem = PodEventCheck.problem(event);
        if (problem.isPresent()) {
            return deadLetter(payload, problem.get(), tell(event, problem.get()));
        }
        try {
            return new Handling.Publish(withinRecordLimit(apply(event)));
        } catch (RuntimeException e) {
            String reason = Envelope.reasonOf(e);
            return deadLetter(payload, reason, tell(event, reason));
        }
    }

    /**
     * A dead letter that fits in one record: the input with the dead-letter headers (reason,
     * original topic, the input's headers; counted as {@link #DEAD_LETTER_HEADERS_BYTES}) can be
     * larger than the limit the input met, and a dead letter that cannot be sent would stop the partition.
     */
    private Handling deadLetter(byte[] payload, String reason, Optional<Outbound> tell) {
        if ((long) payload.length + RECORD_OVERHEAD_BYTES + DEAD_LETTER_HEADERS_BYTES <= maxRecordBytes) {
            return new Handling.DeadLetter(reason, tell, true);
        }
        return new Handling.DeadLetter(Envelope.reasonOf(new IllegalArgumentException(reason + " [the record's "
                + payload.length + " bytes are not kept: with the dead-letter headers they exceed max.request.size "
                + maxRecordBytes + "]")), tell, false);
    }

    /** The output of a usable event ({@link PodEventCheck#problem} is empty). */
    public Outbound apply(PodEvent event) {
        if (event instanceof PodBound b) {
            return bound(b);
        }
        if (event instanceof PodDeleting d) {
            return new Outbound(Outbound.Output.INSTANCE_COMMANDS, new DeleteInstance(newId(), d.pod(),
                    d.virtualNode(), clock.instant(), d.sequence(), d.traceparent(), d.instanceId(),
                    d.gracePeriodSeconds() == 0, false, base.regionId()));
        }
        PodGone g = (PodGone) event;
        return new Outbound(Outbound.Output.INSTANCE_COMMANDS, new DeleteInstance(newId(), g.pod(),
                g.virtualNode(), clock.instant(), g.sequence(), g.traceparent(), g.instanceId(), false, true,
                base.regionId()));
    }

    private Outbound bound(PodBound b) {
        Pod pod = manifests.toPod(b.manifest());
        TranslationContext ctx = base.withProfile(profile.current()).forVirtualNode(b.virtualNode());
        Translation t = PodTranslator.translate(pod, b.namespaceLabels(), ctx);
        if (t instanceof Translation.Accepted a) {
            Optional<Translation.Rejected> over = withinConfigMapLimits(a.request());
            if (over.isPresent()) {
                return rejection(b.pod(), b.virtualNode(), b.sequence(), b.traceparent(), over.get());
            }
            if (!a.notes().isEmpty() && log.isInfoEnabled()) {
                log.info("pod {} translated with adaptations: {}", b.pod(), a.notes());
            }
            return new Outbound(Outbound.Output.INSTANCE_COMMANDS, new CreateInstance(newId(), b.pod(),
                    b.virtualNode(), clock.instant(), b.sequence(), b.traceparent(), a.request()));
        }
        return rejection(b.pod(), b.virtualNode(), b.sequence(), b.traceparent(), (Translation.Rejected) t);
    }

    /** The request against the cloud's config-file limits, with the sizes of the ConfigMaps it mounts. */
    private Optional<Translation.Rejected> withinConfigMapLimits(InstanceRequest request) {
        List<ObjectRef> mounted = RequestLimits.mountedConfigMaps(request);
        if (mounted.isEmpty()) {
            return Optional.empty();
        }
        Map<ObjectRef, Map<String, Integer>> sizes = new LinkedHashMap<>();
        for (ObjectRef ref : mounted) {
            configMaps.keySizes(ref.namespace(), ref.name()).ifPresent(s -> sizes.put(ref, s));
        }
        return sizes.isEmpty() ? Optional.empty() : RequestLimits.check(request, sizes);
    }

    /** A create command too large for one Kafka record becomes the pod's rejection. */
    private Outbound withinRecordLimit(Outbound out) {
        if (!(out.event() instanceof CreateInstance create)) {
            return out;
        }
        long size = recordSize(create);
        if (size <= maxRecordBytes) {
            return out;
        }
        return rejection(create.pod(), create.virtualNode(), create.sequence(), create.traceparent(),
                new Translation.Rejected(RejectionReason.REQUEST_LIMIT_EXCEEDED, "the create request of this pod encodes to "
                        + size + " bytes (" + mib(size) + "); one Kafka record takes at most " + maxRecordBytes
                        + " bytes (" + mib(maxRecordBytes) + ", the producer's max.request.size). Largest parts: "
                        + largestParts(create.request()) + ". Move large env values and files into ConfigMaps"));
    }

    /** The bytes the event takes as a record: value, key, headers and framing. */
    long recordSize(VnodeEvent event) {
        long size = EventCodec.encode(event).length + RECORD_OVERHEAD_BYTES
                + event.pod().uid().getBytes(StandardCharsets.UTF_8).length
                + Headers.EVENT_TYPE.length() + EventCodec.typeOf(event).length();
        if (event.traceparent() != null) {
            size += Headers.TRACEPARENT.length() + event.traceparent().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private static String largestParts(InstanceRequest request) {
        List<Map.Entry<String, Integer>> parts = new ArrayList<>();
        for (var c : request.containers()) {
            parts.add(Map.entry("container " + c.name(), EventCodec.valueToJson(c).length()));
        }
        if (request.initContainers() != null) {
            request.initContainers().forEach(c -> parts.add(Map.entry("init container " + c.name(),
                    EventCodec.valueToJson(c).length())));
        }
        if (request.volumes() != null) {
            request.volumes().forEach(v -> parts.add(Map.entry("volume " + v.name(), EventCodec.valueToJson(v).length())));
        }
        return String.join(", ", parts.stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(3)
                .map(p -> p.getKey() + " " + p.getValue() + " bytes")
                .toList());
    }

    /** The rejection a pod-bound record that cannot be used tells its pod; empty for other records. */
    private Optional<Outbound> tell(PodEvent event, String problem) {
        if (!(event instanceof PodBound b)) {
            return Optional.empty();
        }
        return PodEventCheck.podOf(b).map(ref -> unusable(ref, b.virtualNode(), b.sequence(), b.traceparent(), problem));
    }

    /** The pod of a pod-bound record that did not decode, read from its JSON where it is there. */
    private Optional<Outbound> tellUndecodable(byte[] payload, String problem) {
        Map<?, ?> json;
        try {
            json = EventCodec.mapper().readValue(payload, Map.class);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (json == null || !PodBound.TYPE.equals(json.get("type"))) {
            return Optional.empty();
        }
        Optional<PodRef> ref = json.get("pod") instanceof Map<?, ?> pod
                ? PodEventCheck.podOfManifest(Map.of("metadata", pod)) : Optional.empty();
        if (ref.isEmpty() && json.get("manifest") instanceof Map<?, ?> manifest) {
            ref = PodEventCheck.podOfManifest(manifest);
        }
        String node = json.get("virtualNode") instanceof String s ? s : null;
        long sequence = json.get("sequence") instanceof Number n ? n.longValue() : 0;
        String traceparent = json.get("traceparent") instanceof String s ? s : null;
        return ref.map(r -> unusable(r, node, sequence, traceparent, problem));
    }

    private Outbound unusable(PodRef ref, String node, long sequence, String traceparent, String problem) {
        return rejection(ref, node, sequence, traceparent, new Translation.Rejected(RejectionReason.INVALID_POD,
                "the virtual node received this pod's binding in a form it cannot use (" + problem + "); the record"
                        + " is kept in the lifecycle dead-letter topic for the operator"));
    }

    private Outbound rejection(PodRef ref, String node, long sequence, String traceparent, Translation.Rejected r) {
        String message = r.message().length() > MAX_MESSAGE_CHARS
                ? r.message().substring(0, MAX_MESSAGE_CHARS - 1) + "…" : r.message();
        return new Outbound(Outbound.Output.POD_REJECTIONS, new PodRejected(newId(), ref, node == null ? "" : node,
                clock.instant(), sequence, traceparent, r.reason().code(), message));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
