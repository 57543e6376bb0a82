package io.vnode.translator.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodDeleting;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodGone;
import io.vnode.contracts.pod.PodRejected;
import io.vnode.translator.domain.PodTranslator;
import io.vnode.translator.domain.Translation;
import io.vnode.translator.domain.TranslationContext;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The use case: one pod lifecycle event -> the command or rejection to publish.
 * PodBound -> CreateInstance or PodRejected; PodDeleting -> DeleteInstance (force when the grace
 * period is 0); PodGone -> DeleteInstance (podGone). pod, virtualNode, sequence and traceparent are
 * copied; eventId is new and occurredAt is now. Idempotent: the same input gives the same command
 * (same ClientToken), which the executor treats as one. Thread-safe.
 */
public final class PodEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(PodEventTranslator.class);

    private final TranslationContext base;
    private final ProfileSource profile;
    private final PodManifests manifests;
    private final Clock clock;

    public PodEventTranslator(TranslationContext base, ProfileSource profile, PodManifests manifests, Clock clock) {
        this.base = base;
        this.profile = profile;
        this.manifests = manifests;
        this.clock = clock;
    }

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
                g.virtualNode(), clock.instant(), g.sequence(), g.traceparent(), g.instanceId(), false, true, base.regionId()));
    }

    private Outbound bound(PodBound b) {
        Pod pod = manifests.toPod(b.manifest());
        TranslationContext ctx = base.withProfile(profile.current()).forVirtualNode(b.virtualNode());
        Translation t = PodTranslator.translate(pod, b.namespaceLabels(), ctx);
        if (t instanceof Translation.Accepted a) {
            if (!a.notes().isEmpty() && log.isInfoEnabled()) {
                log.info("pod {} translated with adaptations: {}", b.pod(), a.notes());
            }
            return new Outbound(Outbound.Output.INSTANCE_COMMANDS, new CreateInstance(newId(), b.pod(),
                    b.virtualNode(), clock.instant(), b.sequence(), b.traceparent(), a.request()));
        }
        Translation.Rejected r = (Translation.Rejected) t;
        return new Outbound(Outbound.Output.POD_REJECTIONS, new PodRejected(newId(), b.pod(), b.virtualNode(),
                clock.instant(), b.sequence(), b.traceparent(), r.reason().code(), r.message()));
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
