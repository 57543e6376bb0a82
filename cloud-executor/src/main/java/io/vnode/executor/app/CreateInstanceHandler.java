package io.vnode.executor.app;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.adapter.cloud.EciCloudClient;
import io.vnode.executor.adapter.kafka.KafkaEventPublisher;
import io.vnode.executor.adapter.kube.KubeReferences;
import io.vnode.executor.domain.CloudApi;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.CreateParameters;
import io.vnode.executor.domain.ReferenceCheck;
import io.vnode.executor.domain.ResolvedReferences;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateInstance: reuse the pod's instance if one is tagged with its uid; else resolve the
 * references and call CreateContainerGroup with the command's ClientToken, trying the specs in
 * order on NoStock. Throttled/transient calls are retried (backoff + jitter) while the pod exists;
 * a long wait and an all-specs NoStock are reported as a retryable InstanceCreateFailed; a
 * rejection as a final one with the cloud's code and message. Blocking; one command at a time per
 * calling thread.
 */
final class CreateInstanceHandler {

    private static final Logger log = LoggerFactory.getLogger(CreateInstanceHandler.class);

    private final EciCloudClient cloud;
    private final KubeReferences references;
    private final KafkaEventPublisher publisher;
    private final Retrier retrier;
    private final InstanceEvents events;
    private final KnownInstances known;
    private final InstanceWatcher watcher;
    private final Duration noStockInterval;
    private final Timer latency;
    private final Clock clock;
    /** "region/vSwitchId" -> zone, learned from the cloud (a vSwitch belongs to exactly one zone). */
    private final Map<String, String> zoneByVSwitch = new java.util.concurrent.ConcurrentHashMap<>();

    CreateInstanceHandler(EciCloudClient cloud, KubeReferences references, KafkaEventPublisher publisher, Retrier retrier,
                          InstanceEvents events, KnownInstances known, InstanceWatcher watcher, Duration noStockInterval,
                          MeterRegistry meters, Clock clock) {
        this.watcher = watcher;
        this.cloud = cloud;
        this.references = references;
        this.publisher = publisher;
        this.retrier = retrier;
        this.events = events;
        this.known = known;
        this.noStockInterval = noStockInterval;
        this.clock = clock;
        this.latency = Timer.builder("vnode.instance.create.latency")
                .description("from taking a create command to the instance created (retries included)")
                .publishPercentileHistogram().register(meters);
    }

    void handle(CreateInstance cmd, RetryContext ctx) {
        InstanceRequest r = cmd.request();
        String region = r.regionId();
        Optional<CloudInstance> existing;
        try {
            existing = findByPodUid(region, cmd, ctx);
        } catch (CloudException e) {
            // not retryable (credentials, permissions, a bad request): the pod learns why, with the cloud's code
            log.info("pod {}: instance lookup rejected: {}", cmd.pod(), e.getMessage());
            publisher.publish(events.failed(cmd, false, e.error().code(), e.error().message(), e.requestId(), List.of(),
                    ctx.attempts + 1));
            return;
        }
        if (existing.isPresent()) {
            CloudInstance i = existing.get();
            log.info("pod {}: reusing instance {} already tagged with its uid", cmd.pod(), i.id());
            InstanceSpec spec = i.spec() != null ? i.spec() : r.specs().get(0);
            finish(cmd, i.id(), null, r.clientToken(), spec, i.zoneId(), ctx);
            return;
        }
        ResolvedReferences refs = resolve(cmd, ctx);
        List<String> missing = ReferenceCheck.missing(r, refs);
        if (!missing.isEmpty()) {
            publisher.publish(events.failed(cmd, false, ReferenceCheck.CODE, String.join("; ", missing), null, List.of(), 0));
            return;
        }
        List<String> attempted = new ArrayList<>();
        while (true) {
            CloudException noStock = null;
            for (int i = 0; i < r.specs().size(); i++) {
                InstanceSpec spec = r.specs().get(i);
                String token = tokenFor(r.clientToken(), i);
                Map<String, String> params = CreateParameters.of(r, spec, token, refs);
                try {
                    EciCloudClient.Created created = retrier.call(CloudApi.CREATE_CONTAINER_GROUP,
                            () -> cloud.create(region, params), ctx,
                            e -> publisher.publish(events.failed(cmd, true, e.error().code(), waitMessage(e, ctx),
                                    e.requestId(), attempted, ctx.attempts)));
                    finish(cmd, created.instanceId(), created.requestId(), token, spec, zoneOf(region, created.instanceId(), r), ctx);
                    return;
                } catch (CloudException e) {
                    if (e.error() instanceof CloudError.NoStock) {
                        if (!attempted.contains(spec.name())) {
                            attempted.add(spec.name());
                        }
                        noStock = e;
                        log.info("pod {}: no stock for spec {} ({}), trying the next", cmd.pod(), spec.name(), e.error().code());
                        continue;
                    }
                    List<String> tried = new ArrayList<>(attempted);
                    if (!tried.contains(spec.name())) {
                        tried.add(spec.name());
                    }
                    log.info("pod {}: create rejected: {}", cmd.pod(), e.getMessage());
                    publisher.publish(events.failed(cmd, false, e.error().code(), e.error().message(), e.requestId(),
                            tried, ctx.attempts + 1));
                    return;
                }
            }
            ctx.attempts++;
            publisher.publish(events.failed(cmd, true, noStock.error().code(),
                    "no stock for any of the specs " + attempted + ": " + noStock.error().message()
                            + "; retrying in " + noStockInterval.toSeconds() + " s",
                    noStock.requestId(), attempted, ctx.attempts));
            ctx.pauseCheckingPod(noStockInterval);
        }
    }

    private void finish(CreateInstance cmd, String instanceId, String requestId, String token, InstanceSpec spec,
                        String zone, RetryContext ctx) {
        publisher.publish(events.created(cmd, cmd.request(), instanceId, requestId, token, spec, zone));
        known.put(cmd.pod().uid(), instanceId);
        // the watcher may have seen the new instance (by the cluster tag) before this InstanceCreated: a status it
        // published then has a lower sequence, and the reconciler drops it as stale once this one is applied.
        // Forgotten, the instance's current status is published again, above this sequence, at the next look.
        watcher.forget(instanceId);
        latency.record(Duration.between(ctx.started(), clock.instant()));
    }

    /** Every instance tagged with the pod's uid (normally none or one). */
    Optional<CloudInstance> findByPodUid(String region, CreateInstance cmd, RetryContext ctx) {
        EciCloudClient.Page<CloudInstance> page = retrier.call(CloudApi.DESCRIBE_CONTAINER_GROUPS,
                () -> cloud.describe(region, Map.of(Keys.TAG_POD_UID, cmd.pod().uid()), null, null), ctx,
                e -> publisher.publish(events.failed(cmd, true, e.error().code(), waitMessage(e, ctx), e.requestId(),
                        List.of(), ctx.attempts)));
        return page.items().stream().filter(i -> cmd.pod().uid().equals(i.podUid())).findFirst();
    }

    private ResolvedReferences resolve(CreateInstance cmd, RetryContext ctx) {
        int attempt = 0;
        while (true) {
            try {
                return references.resolve(cmd.request());
            } catch (KubernetesClientException e) {
                attempt++;
                log.warn("pod {}: cannot read its ConfigMaps/Secrets (HTTP {}), retrying", cmd.pod(), e.getCode());
                ctx.pause(retrier.backoff().delay(attempt, Math.random()));
            }
        }
    }

    /**
     * Best effort: the zone the cloud placed the instance in. The request's zone when it names one; else,
     * with exactly one vSwitch, the zone learned for that vSwitch (a vSwitch lives in one zone for good);
     * else one DescribeContainerGroups call (no retry), whose answer is remembered for a single vSwitch.
     */
    private String zoneOf(String region, String instanceId, InstanceRequest r) {
        if (r.zoneId() != null && !r.zoneId().isBlank()) {
            return r.zoneId();
        }
        String vSwitch = r.vSwitchIds() != null && r.vSwitchIds().size() == 1 ? region + "/" + r.vSwitchIds().get(0) : null;
        if (vSwitch != null) {
            String known = zoneByVSwitch.get(vSwitch);
            if (known != null) {
                return known;
            }
        }
        try {
            String zone = cloud.describe(region, Map.of(), List.of(instanceId), null).block().items().stream()
                    .map(CloudInstance::zoneId).filter(z -> z != null && !z.isBlank()).findFirst().orElse(null);
            if (zone == null) {
                return r.zoneId();
            }
            if (vSwitch != null) {
                zoneByVSwitch.put(vSwitch, zone);
            }
            return zone;
        } catch (RuntimeException e) {
            return r.zoneId();
        }
    }

    /**
     * The ClientToken for the spec at {@code index}: the command's token for the first, a derived
     * one for the next (the cloud refuses a token reused with other parameters).
     */
    static String tokenFor(String clientToken, int index) {
        if (index == 0) {
            return clientToken;
        }
        String suffix = "-s" + index;
        String base = clientToken.length() + suffix.length() > 64 ? clientToken.substring(0, 64 - suffix.length()) : clientToken;
        return base + suffix;
    }

    private String waitMessage(CloudException e, RetryContext ctx) {
        return "still retrying after " + Duration.between(ctx.started(), clock.instant()).toSeconds()
                + " s and " + ctx.attempts + " attempts: " + e.error().code() + ": " + e.error().message();
    }
}
