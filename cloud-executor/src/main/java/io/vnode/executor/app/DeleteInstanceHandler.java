package io.vnode.executor.app;

import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.executor.adapter.cloud.EciCloudClient;
import io.vnode.executor.adapter.kafka.KafkaEventPublisher;
import io.vnode.executor.domain.CloudApi;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteInstance: delete the named instance and every instance tagged with the pod's uid
 * (DeleteContainerGroup, Force when the grace period was 0); NotFound is success; then
 * InstanceDeleted. Blocking.
 */
final class DeleteInstanceHandler {

    private static final Logger log = LoggerFactory.getLogger(DeleteInstanceHandler.class);

    private final EciCloudClient cloud;
    private final KafkaEventPublisher publisher;
    private final Retrier retrier;
    private final InstanceEvents events;
    private final KnownInstances known;
    private final InstanceWatcher watcher;
    private final String regionId;

    DeleteInstanceHandler(EciCloudClient cloud, KafkaEventPublisher publisher, Retrier retrier, InstanceEvents events,
                          KnownInstances known, InstanceWatcher watcher, String regionId) {
        this.cloud = cloud;
        this.publisher = publisher;
        this.retrier = retrier;
        this.events = events;
        this.known = known;
        this.watcher = watcher;
        this.regionId = regionId;
    }

    void handle(DeleteInstance cmd, RetryContext ctx) {
        Set<String> ids = new LinkedHashSet<>();
        if (cmd.instanceId() != null && !cmd.instanceId().isBlank()) {
            ids.add(cmd.instanceId());
        }
        EciCloudClient.Page<CloudInstance> tagged = retrier.call(CloudApi.DESCRIBE_CONTAINER_GROUPS,
                () -> cloud.describe(regionId, Map.of(Keys.TAG_POD_UID, cmd.pod().uid()), null, null), ctx, e -> { });
        tagged.items().stream().filter(i -> cmd.pod().uid().equals(i.podUid())).map(CloudInstance::id).forEach(ids::add);
        for (String id : ids) {
            try {
                retrier.call(CloudApi.DELETE_CONTAINER_GROUP, () -> cloud.delete(regionId, id, cmd.force()), ctx,
                        e -> log.warn("pod {}: delete of {} still retrying: {}", cmd.pod(), id, e.getMessage()));
            } catch (CloudException e) {
                if (!(e.error() instanceof CloudError.NotFound)) {
                    throw e;
                }
            }
            watcher.forget(id);
        }
        known.removePod(cmd.pod().uid());
        publisher.publish(events.deleted(cmd.pod(), cmd.virtualNode(), cmd.traceparent(),
                ids.isEmpty() ? null : ids.iterator().next(), InstanceDeleted.REASON_DELETED));
    }
}
