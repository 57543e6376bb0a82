package io.vnode.executor.app;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.vnode.contracts.instance.ClaimSource;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.executor.domain.ClaimVolumes;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.GoldenRequest;
import io.vnode.executor.domain.OrphanSweeper.LivePod;
import io.vnode.executor.domain.ResolvedReferences;
import io.vnode.executor.domain.Sequencer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The create decisions, one row per story, against in-memory ports and a virtual clock (every
 * pause advances the clock; nothing sleeps). Policy: backoff 200 ms..10 s, long wait 30 s, hold
 * 60 s, no-stock pause 15 s, pod check every 30 s.
 */
class CreateDecisionsTest {

    static final RetryPolicy POLICY = new RetryPolicy(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.5),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(30));
    static final CreateInstance GOLDEN = GoldenRequest.COMMAND;
    static final String TOKEN = GOLDEN.request().clientToken();
    static final String FIRST = GOLDEN.request().specs().get(0).name();

    static final ClaimVolumes.ClaimState PENDING = new ClaimVolumes.ClaimState(true, "Pending", null, null);
    static final ClaimVolumes.ClaimState NFS_PV = new ClaimVolumes.ClaimState(true, "Bound", "pv-1", new PersistentVolumeBuilder()
            .withNewMetadata().withName("pv-1").endMetadata().withNewSpec().withNewNfs().withServer("nas.example.com")
            .withPath("/").endNfs().endSpec().build());
    static final ClaimVolumes.ClaimState HOST_PATH_PV = new ClaimVolumes.ClaimState(true, "Bound", "pv-2", new PersistentVolumeBuilder()
            .withNewMetadata().withName("pv-2").endMetadata().withNewSpec().withNewHostPath().withPath("/mnt").endHostPath()
            .endSpec().build());

    static Stream<Arguments> decisions() {
        return Stream.of(
            row("existing instance is reused", w -> w.tagged("i-old"),
                    "Created i-old reused", List.of("created i-old"), List.of()),
            row("first spec created with the command's ClientToken", w -> w.creates("ok"),
                    "Created i-1", List.of("created i-1"), List.of(FIRST + " " + TOKEN)),
            row("NoStock on first spec, second spec created with derived ClientToken", w -> w.twoSpecs().creates("NoStock", "ok"),
                    "Created i-1", List.of("created i-1"), List.of("small " + TOKEN, "large " + TOKEN + "-s1")),
            row("all specs NoStock -> retryable failure, wait, again until held", w -> w.twoSpecs().createsAlways("NoStock"),
                    "Held", List.of("failed retryable ContainerGroup.NoStock [small, large]"), null),
            row("rejection -> final failure with cloud code", w -> w.creates("Rejected"),
                    "Failed final InvalidParameter.Image", List.of("failed final InvalidParameter.Image [" + FIRST + "]"),
                    List.of(FIRST + " " + TOKEN)),
            row("NoStock then rejection -> final failure naming both specs", w -> w.twoSpecs().creates("NoStock", "Rejected"),
                    "Failed final InvalidParameter.Image", List.of("failed final InvalidParameter.Image [small, large]"),
                    List.of("small " + TOKEN, "large " + TOKEN + "-s1")),
            row("missing imagePullSecret -> the pod is told it waits, then held, nothing created",
                    w -> w.references(GoldenRequest.REFS),
                    "Held", List.of("failed retryable CreateContainerConfigError []"), List.of()),
            row("missing imagePullSecret created while the pod waits -> created",
                    w -> w.references(GoldenRequest.REFS).referencesComplete(3).creates("ok"),
                    "Created i-1", List.of("failed retryable CreateContainerConfigError []", "created i-1"),
                    List.of(FIRST + " " + TOKEN)),
            row("pod deleted while it waits for a reference -> PodDeleted, nothing created",
                    w -> w.references(GoldenRequest.REFS).podDeleted(),
                    "PodDeleted", List.of("failed retryable CreateContainerConfigError []"), List.of()),
            row("a reference the pod may not have read -> final failure naming it, nothing created",
                    w -> w.references(new ResolvedReferences(Map.of(), List.of(), List.of("Secret kube-system/x not read"))),
                    "Failed final ReferenceNotUsable", List.of("failed final ReferenceNotUsable []"), List.of()),
            row("claim not bound -> the pod is told it waits to mount, then held, nothing created",
                    w -> w.references(GoldenRequest.ALL_REFS).claim(PENDING, NFS_PV, Integer.MAX_VALUE),
                    "Held", List.of("failed retryable FailedMount []"), List.of()),
            row("claim bound while the pod waits -> created",
                    w -> w.references(GoldenRequest.ALL_REFS).claim(PENDING, NFS_PV, 3).creates("ok"),
                    "Created i-1", List.of("failed retryable FailedMount []", "created i-1"), List.of(FIRST + " " + TOKEN)),
            row("claim of a PersistentVolume the cloud cannot mount -> final UnsupportedVolume, nothing created",
                    w -> w.references(GoldenRequest.ALL_REFS).claim(HOST_PATH_PV, HOST_PATH_PV, 1),
                    "Failed final UnsupportedVolume", List.of("failed final UnsupportedVolume []"), List.of()),
            row("unreadable references are retried, then created", w -> w.referencesUnavailable(2).creates("ok"),
                    "Created i-1", List.of("created i-1"), List.of(FIRST + " " + TOKEN)),
            row("throttled then created", w -> w.creates("Throttled", "Transient", "ok"),
                    "Created i-1", List.of("created i-1"), List.of(FIRST + " " + TOKEN, FIRST + " " + TOKEN, FIRST + " " + TOKEN)),
            row("throttled past the long wait -> the pod is told, then held", w -> w.createsAlways("Throttled"),
                    "Held", List.of("failed retryable Throttling.User []"), null),
            row("instance lookup rejected -> final failure, nothing created", w -> w.lookupFails("InvalidRegionId"),
                    "Failed final InvalidRegionId", List.of("failed final InvalidRegionId []"), List.of()),
            row("lookup refused for the credentials -> the pod is told it waits, then held", w -> w.lookupRefusesCredentials("Forbidden.RAM"),
                    "Held", List.of("failed retryable Forbidden.RAM []"), List.of()),
            row("create refused for the credentials -> the pod is told it waits, then held", w -> w.createsAlways("Credentials"),
                    "Held", List.of("failed retryable SignatureDoesNotMatch []"), null),
            row("credentials refused, then a rotated key works -> created", w -> w.creates("Credentials", "Credentials", "ok"),
                    "Created i-1", List.of("created i-1"), List.of(FIRST + " " + TOKEN, FIRST + " " + TOKEN, FIRST + " " + TOKEN)),
            row("pod deleted while waiting -> PodDeleted", w -> w.twoSpecs().createsAlways("NoStock").podDeleted(),
                    "PodDeleted", List.of("failed retryable ContainerGroup.NoStock [small, large]"), null),
            row("fail-fast: every spec out of stock -> final failure with the cloud's code, no retry",
                    w -> w.twoSpecs().failStrategy("fail-fast").createsAlways("NoStock"),
                    "Failed final ContainerGroup.NoStock", List.of("failed final ContainerGroup.NoStock [small, large]"),
                    List.of("small " + TOKEN, "large " + TOKEN + "-s1")),
            row("fail-fast: first spec out of stock, second created", w -> w.twoSpecs().failStrategy("fail-fast").creates("NoStock", "ok"),
                    "Created i-1", List.of("created i-1"), List.of("small " + TOKEN, "large " + TOKEN + "-s1")),
            row("fail-back: retries the first spec in place (at 0, 15, 30, 45 s), never the second, until held",
                    w -> w.twoSpecs().failStrategy("fail-back").createsAlways("NoStock"),
                    "Held", List.of("failed retryable ContainerGroup.NoStock [small]"), List.of("small " + TOKEN, "small " + TOKEN,
                            "small " + TOKEN, "small " + TOKEN)),
            row("fail-back: the first spec back in stock -> created in place",
                    w -> w.twoSpecs().failStrategy("fail-back").creates("NoStock", "NoStock", "ok"),
                    "Created i-1", List.of("failed retryable ContainerGroup.NoStock [small]", "created i-1"),
                    List.of("small " + TOKEN, "small " + TOKEN, "small " + TOKEN)),
            row("fail-over: the second spec after the first", w -> w.twoSpecs().failStrategy("fail-over").creates("NoStock", "ok"),
                    "Created i-1", List.of("created i-1"), List.of("small " + TOKEN, "large " + TOKEN + "-s1")),
            row("max pending passed while out of stock -> final MaxPendingMinuteExceeded after one more round",
                    w -> w.twoSpecs().maxPendingMinute("10").firstAttemptAgo(Duration.ofMinutes(11)).createsAlways("NoStock"),
                    "Failed final MaxPendingMinuteExceeded", List.of("failed final MaxPendingMinuteExceeded [small, large]"),
                    List.of("small " + TOKEN, "large " + TOKEN + "-s1")),
            row("max pending reached during the pauses -> final after the round at the deadline",
                    w -> w.maxPendingMinute("10").firstAttemptAgo(Duration.ofSeconds(590)).createsAlways("NoStock"),
                    "Failed final MaxPendingMinuteExceeded", List.of("failed retryable ContainerGroup.NoStock [" + FIRST + "]",
                            "failed final MaxPendingMinuteExceeded [" + FIRST + "]"), List.of(FIRST + " " + TOKEN, FIRST + " " + TOKEN)),
            row("max pending not reached (default 240 min) -> still waiting, held",
                    w -> w.firstAttemptAgo(Duration.ofMinutes(200)).createsAlways("NoStock"),
                    "Held", List.of("failed retryable ContainerGroup.NoStock [" + FIRST + "]"), null),
            row("service stopping while throttled -> held", w -> w.createsAlways("Throttled").stopping(),
                    "Held", List.of(), List.of(FIRST + " " + TOKEN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void createDecisions(String story, UnaryOperator<World> given, String outcome, List<String> published,
                         List<String> createCalls) {
        World w = given.apply(new World());

        CreateOutcome result = w.handle();

        assertThat(describe(result)).isEqualTo(outcome);
        assertThat(w.published().stream().distinct().toList()).isEqualTo(published);
        if (createCalls != null) {
            assertThat(w.cloud.createCalls).isEqualTo(createCalls);
        }
        assertThat(w.clock.instant()).isBeforeOrEqualTo(w.start.plus(POLICY.maxHold()));
    }

    static Arguments row(String story, UnaryOperator<World> given, String outcome, List<String> published,
                         List<String> createCalls) {
        return Arguments.of(story, given, outcome, published, createCalls);
    }

    static String describe(CreateOutcome o) {
        if (o instanceof CreateOutcome.Created c) {
            return "Created " + c.instanceId() + (c.reused() ? " reused" : "");
        }
        if (o instanceof CreateOutcome.Failed f) {
            return "Failed " + (f.retryable() ? "retryable " : "final ") + f.code();
        }
        return o.getClass().getSimpleName();
    }

    /** The ports in memory, a virtual clock, and the handler under test. */
    static final class World {
        final Instant start = Instant.parse("2025-01-01T00:00:00Z");
        final VirtualClock clock = new VirtualClock(start);
        final FakeCloud cloud = new FakeCloud();
        final List<InstanceEvent> events = new ArrayList<>();
        CreateInstance cmd = firstAttemptAt(GOLDEN, start);
        ResolvedReferences refs = GoldenRequest.ALL_REFS;
        Map<String, String> podAnnotations = Map.of();
        int unavailable;
        int completeFromRead = Integer.MAX_VALUE;
        int reads;
        ClaimVolumes.ClaimState claimFirst;
        ClaimVolumes.ClaimState claimLater;
        int claimFromRead;
        boolean podExists = true;
        boolean stopping;

        World tagged(String instanceId) {
            cloud.tagged.add(instance(instanceId, cmd.pod()));
            return this;
        }

        World twoSpecs() {
            cmd = withSpecs(cmd, List.of(new InstanceSpec("small", 1.0, 2.0, null, null),
                    new InstanceSpec("large", 2.0, 4.0, null, null)));
            return this;
        }

        World failStrategy(String value) {
            podAnnotations = Map.of(Keys.ECI_FAIL_STRATEGY, value);
            return this;
        }

        /** The command was first taken {@code ago} before now (a re-queued command keeps its time). */
        World firstAttemptAgo(Duration ago) {
            cmd = firstAttemptAt(cmd, start.minus(ago));
            return this;
        }

        World maxPendingMinute(String minutes) {
            Map<String, String> extra = new java.util.HashMap<>(cmd.request().extraParameters() == null ? Map.of()
                    : cmd.request().extraParameters());
            extra.put("MaxPendingMinute", minutes);
            cmd = withExtraParameters(cmd, extra);
            return this;
        }

        World creates(String... answers) {
            cloud.answers.addAll(List.of(answers));
            return this;
        }

        World createsAlways(String answer) {
            cloud.always = answer;
            return this;
        }

        World references(ResolvedReferences r) {
            refs = r;
            return this;
        }

        /** The references read from the {@code reads}-th read on are {@link GoldenRequest#ALL_REFS} (created meanwhile). */
        World referencesComplete(int reads) {
            completeFromRead = reads;
            return this;
        }

        /** The pod mounts claim {@code data}: read as {@code first}, and as {@code later} from the {@code fromRead}-th read on. */
        World claim(ClaimVolumes.ClaimState first, ClaimVolumes.ClaimState later, int fromRead) {
            InstanceRequest r = cmd.request();
            List<VolumeSpec> volumes = new java.util.ArrayList<>(r.volumes() == null ? List.of() : r.volumes());
            volumes.add(VolumeSpec.claim("data", new ClaimSource(cmd.pod().namespace(), "data", false)));
            InstanceRequest changed = new InstanceRequest(r.computeType(), r.regionId(), r.containerGroupName(), r.clientToken(),
                    r.specs(), r.vSwitchIds(), r.securityGroupId(), r.resourceGroupId(), r.zoneId(), r.computeClass(),
                    r.computeQos(), r.gpuModelSeries(), r.ephemeralStorageGiB(), r.restartPolicy(), r.activeDeadlineSeconds(),
                    r.terminationGracePeriodSeconds(), r.dnsPolicy(), r.dnsConfig(), r.hostAliases(), r.hostName(),
                    r.containers(), r.initContainers(), volumes, r.imagePullSecrets(), r.tags(), r.extraParameters());
            cmd = new CreateInstance(cmd.eventId(), cmd.pod(), cmd.virtualNode(), cmd.occurredAt(), cmd.sequence(),
                    cmd.traceparent(), changed);
            claimFirst = first;
            claimLater = later;
            claimFromRead = fromRead;
            return this;
        }

        World referencesUnavailable(int times) {
            unavailable = times;
            return this;
        }

        World lookupFails(String code) {
            cloud.lookupError = new CloudError.Rejected(code, "denied");
            return this;
        }

        World lookupRefusesCredentials(String code) {
            cloud.lookupError = new CloudError.CredentialsRefused(code, "the cloud refused the AccessKey or its permissions");
            return this;
        }

        World podDeleted() {
            podExists = false;
            return this;
        }

        World stopping() {
            stopping = true;
            return this;
        }

        CreateOutcome handle() {
            MeterRegistry meters = new SimpleMeterRegistry();
            InstanceEventSink sink = events::add;
            PodDirectory pods = new PodDirectory() {
                @Override
                public boolean exists(PodRef pod) {
                    return podExists;
                }

                @Override
                public Map<String, LivePod> livePods() {
                    return Map.of();
                }

                @Override
                public Map<String, String> annotations(PodRef pod) {
                    return podAnnotations;
                }
            };
            ReferenceResolver resolver = (pod, request) -> {
                if (unavailable-- > 0) {
                    throw new ReferenceResolver.Unavailable("HTTP 503", null);
                }
                ResolvedReferences read = ++reads >= completeFromRead ? GoldenRequest.ALL_REFS : refs;
                if (claimFirst == null) {
                    return read;
                }
                return new ResolvedReferences(read.objects(), read.registryCredentials(), read.problems(),
                        Map.of(cmd.pod().namespace() + "/data", reads >= claimFromRead ? claimLater : claimFirst));
            };
            ShutdownSignal shutdown = new ShutdownSignal() {
                @Override
                public boolean raised() {
                    return stopping;
                }

                @Override
                public boolean await(Duration d) {
                    clock.advance(d);
                    return stopping;
                }
            };
            InstanceEvents instanceEvents = new InstanceEvents(new Sequencer(100), clock);
            KnownInstances known = new KnownInstances();
            InstanceWatcher watcher = new InstanceWatcher(cloud, pods, sink, known,
                    new WatchPolicy(false, List.of("cn-hangzhou"), "c0ffee", Duration.ofSeconds(5), Duration.ofSeconds(60), true),
                    instanceEvents, clock, meters);
            CreateInstanceHandler handler = new CreateInstanceHandler(cloud, resolver, sink,
                    new Retrier(POLICY.backoff(), meters), instanceEvents, known, watcher, pods, POLICY.noStockInterval(),
                    POLICY.noStockMaxPause(), meters, clock);
            return handler.handle(cmd, new RetryContext(POLICY, shutdown, pods, cmd.pod(), clock));
        }

        List<String> published() {
            return events.stream().map(World::summary).toList();
        }

        static String summary(InstanceEvent e) {
            if (e instanceof InstanceCreated c) {
                return "created " + c.instanceId();
            }
            if (e instanceof InstanceCreateFailed f) {
                return "failed " + (f.retryable() ? "retryable " : "final ") + f.code() + " " + f.attemptedSpecs();
            }
            return e.getClass().getSimpleName();
        }
    }

    /** The cloud: scripted create answers ("ok", "NoStock", "Throttled", "Transient", "Rejected", "Credentials"), tagged instances. */
    static final class FakeCloud extends UnusedCloud {
        final Deque<String> answers = new ArrayDeque<>();
        final List<CloudInstance> tagged = new ArrayList<>();
        final List<String> createCalls = new ArrayList<>();
        String always;
        CloudError lookupError;
        int created;

        @Override
        public Created create(InstanceRequest request, InstanceSpec spec, String clientToken, ResolvedReferences references) {
            createCalls.add(spec.name() + " " + clientToken);
            String answer = answers.isEmpty() ? always : answers.poll();
            CloudError error = switch (answer) {
                case "ok" -> null;
                case "NoStock" -> new CloudError.NoStock("ContainerGroup.NoStock", "no stock");
                case "Throttled" -> new CloudError.Throttled("Throttling.User", "slow down");
                case "Transient" -> new CloudError.Transient("ServiceUnavailable", "try again");
                case "Rejected" -> new CloudError.Rejected("InvalidParameter.Image", "bad image");
                case "Credentials" -> new CloudError.CredentialsRefused("SignatureDoesNotMatch", "the cloud refused the AccessKey");
                default -> throw new IllegalStateException("unscripted create: " + answer);
            };
            if (error != null) {
                throw new CloudException("CreateContainerGroup", error, "req-" + createCalls.size(), null);
            }
            return new Created("i-" + (++created), "req-" + createCalls.size());
        }

        @Override
        public String delete(String regionId, String instanceId, boolean force) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page<CloudInstance> describe(String regionId, Map<String, String> tags, List<String> ids, String nextToken) {
            if (lookupError != null) {
                throw new CloudException("DescribeContainerGroups", lookupError, "req-d", null);
            }
            String uid = tags.get(Keys.TAG_POD_UID);
            return new Page<>(uid == null ? List.of() : tagged.stream().filter(i -> uid.equals(i.podUid())).toList(), null);
        }

        @Override
        public Page<String> changedStatus(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of(), null);
        }

        @Override
        public Page<String> changedEvents(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
            return new Page<>(List.of(), null);
        }
    }

    static final class VirtualClock extends Clock {
        private Instant now;

        VirtualClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static CloudInstance instance(String id, PodRef pod) {
        return new CloudInstance(id, "cg", "cn-hangzhou", "cn-hangzhou-k", "Running", 2.0, 4.0, null, null, null,
                Map.of(Keys.TAG_POD_UID, pod.uid(), Keys.TAG_POD_NAMESPACE, pod.namespace(), Keys.TAG_POD_NAME, pod.name()),
                null, null, null, null, null, null, null);
    }

    static CreateInstance firstAttemptAt(CreateInstance c, Instant at) {
        return new CreateInstance(c.eventId(), c.pod(), c.virtualNode(), at, c.sequence(), c.traceparent(), c.request());
    }

    static CreateInstance withExtraParameters(CreateInstance c, Map<String, String> extra) {
        InstanceRequest r = c.request();
        InstanceRequest changed = new InstanceRequest(r.computeType(), r.regionId(), r.containerGroupName(), r.clientToken(),
                r.specs(), r.vSwitchIds(), r.securityGroupId(), r.resourceGroupId(), r.zoneId(), r.computeClass(),
                r.computeQos(), r.gpuModelSeries(), r.ephemeralStorageGiB(), r.restartPolicy(), r.activeDeadlineSeconds(),
                r.terminationGracePeriodSeconds(), r.dnsPolicy(), r.dnsConfig(), r.hostAliases(), r.hostName(),
                r.containers(), r.initContainers(), r.volumes(), r.imagePullSecrets(), r.tags(), extra);
        return new CreateInstance(c.eventId(), c.pod(), c.virtualNode(), c.occurredAt(), c.sequence(), c.traceparent(), changed);
    }

    static CreateInstance withSpecs(CreateInstance c, List<InstanceSpec> specs) {
        InstanceRequest r = c.request();
        InstanceRequest changed = new InstanceRequest(r.computeType(), r.regionId(), r.containerGroupName(), r.clientToken(),
                specs, r.vSwitchIds(), r.securityGroupId(), r.resourceGroupId(), r.zoneId(), r.computeClass(),
                r.computeQos(), r.gpuModelSeries(), r.ephemeralStorageGiB(), r.restartPolicy(), r.activeDeadlineSeconds(),
                r.terminationGracePeriodSeconds(), r.dnsPolicy(), r.dnsConfig(), r.hostAliases(), r.hostName(),
                r.containers(), r.initContainers(), r.volumes(), r.imagePullSecrets(), r.tags(), r.extraParameters());
        return new CreateInstance(c.eventId(), c.pod(), c.virtualNode(), c.occurredAt(), c.sequence(), c.traceparent(), changed);
    }
}
