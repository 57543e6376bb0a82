package io.vnode.executor.app;

import io.vnode.contracts.PodRef;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.domain.Sequencer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builds the executor's instance events (fresh event id, per-pod growing sequence, the command's
 * trace). One per executor: the command handlers and the watcher share it, so each pod's sequence
 * has a single owner. Thread-safe.
 */
public final class InstanceEvents {

    private final Sequencer sequencer;
    private final Clock clock;

    public InstanceEvents(Sequencer sequencer, Clock clock) {
        this.sequencer = sequencer;
        this.clock = clock;
    }

    InstanceCreated created(VnodeEvent cmd, InstanceRequest r, String instanceId, String requestId, String clientToken,
                            InstanceSpec spec, String zoneId) {
        Instant now = clock.instant();
        int storage = 30 + (r.ephemeralStorageGiB() == null ? 0 : r.ephemeralStorageGiB());
        return new InstanceCreated(UUID.randomUUID().toString(), cmd.pod(), cmd.virtualNode(), now, seq(cmd, now),
                cmd.traceparent(), instanceId, requestId, clientToken, r.computeType(), spec, r.regionId(),
                zoneId, storage);
    }

    InstanceCreateFailed failed(VnodeEvent cmd, boolean retryable, String code, String message, String requestId,
                                List<String> attemptedSpecs, int attempts) {
        Instant now = clock.instant();
        return new InstanceCreateFailed(UUID.randomUUID().toString(), cmd.pod(), cmd.virtualNode(), now, seq(cmd, now),
                cmd.traceparent(), retryable, code, message, requestId, List.copyOf(attemptedSpecs), attempts);
    }

    InstanceDeleted deleted(PodRef pod, String virtualNode, String traceparent, String instanceId, String reason) {
        Instant now = clock.instant();
        return new InstanceDeleted(UUID.randomUUID().toString(), pod, virtualNode == null ? "" : virtualNode, now,
                seq(pod, now), traceparent, instanceId, now, reason);
    }

    Sequencer sequencer() {
        return sequencer;
    }

    long seq(VnodeEvent about, Instant now) {
        return seq(about.pod(), now);
    }

    long seq(PodRef pod, Instant now) {
        return sequencer.next(pod.uid(), now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
    }
}
