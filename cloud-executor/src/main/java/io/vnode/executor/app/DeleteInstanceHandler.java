package io.vnode.executor.app;

import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.executor.app.Retrier.Result;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudInstance;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteInstance: delete the named instance and every instance tagged with the pod's uid
 * (DeleteContainerGroup, Force when the grace period was 0) in the command's region (the configured
 * region when the command names none); NotFound is success; then InstanceDeleted. Blocking. A
 * refusal other than NotFound is thrown (the command is dead-lettered).
 */
final class DeleteInstanceHandler {

    private static final Logger log = LoggerFactory.getLogger(DeleteInstanceHandler.class);

    private final CloudInstances cloud;
    private final InstanceEventSink sink;
    private final Retrier retrier;
    private final InstanceEvents events;
    private final KnownInstances known;
    private final InstanceWatcher watcher;
    private final String defaultRegionId;

    DeleteInstanceHandler(CloudInstances cloud, InstanceEventSink sink, Retrier retrier, InstanceEvents events,
                          KnownInstances known, InstanceWatcher watcher, String defaultRegionId) {
        this.cloud = cloud;
        this.sink = sink;
        this.retrier = retrier;
        this.events = events;
        this.known = known;
        this.watcher = watcher;
        this.defaultRegionId = defaultRegionId;
    }

    /** @return why the command stopped before it was done (re-queue it), or empty once InstanceDeleted is published */
    Optional<Halt> handle(DeleteInstance cmd, RetryContext ctx) {
        String regionId = cmd.regionId() == null || cmd.regionId().isBlank() ? defaultRegionId : cmd.regionId();
        Set<String> ids = new LinkedHashSet<>();
        if (cmd.instanceId() != null && !cmd.instanceId().isBlank()) {
            ids.add(cmd.instanceId());
        }
        Result<CloudInstances.Page<CloudInstance>> tagged = retrier.call(
                () -> cloud.describe(regionId, Map.of(Keys.TAG_POD_UID, cmd.pod().uid()), null, null), ctx, e -> { });
        if (tagged instanceof Result.Halted<CloudInstances.Page<CloudInstance>> h) {
            return Optional.of(h.halt());
        }
        if (tagged instanceof Result.Refused<CloudInstances.Page<CloudInstance>> refused) {
            throw refused.error();
        }
        ((Result.Ok<CloudInstances.Page<CloudInstance>>) tagged).value().items().stream()
                .filter(i -> cmd.pod().uid().equals(i.podUid())).map(CloudInstance::id).forEach(ids::add);
        for (String id : ids) {
            Result<String> deleted = retrier.call(() -> cloud.delete(regionId, id, cmd.force()), ctx,
                    e -> log.warn("pod {}: delete of {} still retrying: {}", cmd.pod(), id, e.getMessage()));
            if (deleted instanceof Result.Halted<String> h) {
                return Optional.of(h.halt());
            }
            if (deleted instanceof Result.Refused<String> refused && !(refused.error().error() instanceof CloudError.NotFound)) {
                throw refused.error();
            }
            watcher.forget(id);
        }
        sink.publish(events.deleted(cmd.pod(), cmd.virtualNode(), cmd.traceparent(),
                ids.isEmpty() ? null : ids.iterator().next(), InstanceDeleted.REASON_DELETED));
        known.removePod(cmd.pod().uid());
        return Optional.empty();
    }
}
