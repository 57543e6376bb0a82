package io.vnode.executor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.app.CreateOutcome.Created;
import io.vnode.executor.app.CreateOutcome.Failed;
import io.vnode.executor.app.Retrier.Result;
import io.vnode.executor.domain.ClaimVolumes;
import io.vnode.executor.domain.ClientTokens;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.FailStrategy;
import io.vnode.executor.domain.PendingBudget;
import io.vnode.executor.domain.ReferenceCheck;
import io.vnode.executor.domain.ResolvedReferences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateInstance as a chain of steps, each ending the chain with a {@link CreateOutcome} or handing
 * a value to the next: reuse an instance already tagged with the pod's uid; read the references (a
 * required one that does not exist yet is waited for); try the specs in order (NoStock: the next spec, with a derived ClientToken, unless the pod's
 * fail strategy is fail-back; every spec tried NoStock: a retryable failure, a pause, and again, or for
 * fail-fast and past the pod's eci-max-pending-minute a final failure). Throttled/transient calls are retried (backoff +
 * jitter) while the pod exists and the hold time lasts. The outcome is then reported: InstanceCreated,
 * or InstanceCreateFailed with the cloud's code. Blocking; one command at a time per calling thread.
 */
final class CreateInstanceHandler {

    private static final Logger log = LoggerFactory.getLogger(CreateInstanceHandler.class);
    /** References are read again after the backoff of round n + this (with 200 ms..10 s: 1.6 s, 3.2 s, ... 10 s). */
    private static final int REFERENCE_ROUNDS_SKIPPED = 3;

    private final CloudInstances cloud;
    private final ReferenceResolver references;
    private final InstanceEventSink sink;
    private final Retrier retrier;
    private final InstanceEvents events;
    private final KnownInstances known;
    private final InstanceWatcher watcher;
    private final PodDirectory pods;
    private final Duration noStockInterval;
    private final Duration noStockMaxPause;
    private final Timer latency;
    private final Clock clock;
    /** "region/vSwitchId" -> zone, learned from the cloud (a vSwitch belongs to exactly one zone). */
    private final Map<String, String> zoneByVSwitch = new ConcurrentHashMap<>();

    CreateInstanceHandler(CloudInstances cloud, ReferenceResolver references, InstanceEventSink sink, Retrier retrier,
                          InstanceEvents events, KnownInstances known, InstanceWatcher watcher, PodDirectory pods,
                          Duration noStockInterval, Duration noStockMaxPause, MeterRegistry meters, Clock clock) {
        this.cloud = cloud;
        this.references = references;
        this.sink = sink;
        this.retrier = retrier;
        this.events = events;
        this.known = known;
        this.watcher = watcher;
        this.pods = pods;
        this.noStockInterval = noStockInterval;
        this.noStockMaxPause = noStockMaxPause;
        this.clock = clock;
        this.latency = Timer.builder("vnode.instance.create.latency")
                .description("from taking a create command to the instance created (retries included)")
                .publishPercentileHistogram().register(meters);
    }

    CreateOutcome handle(CreateInstance cmd, RetryContext ctx) {
        CreateOutcome outcome = reuseTaggedInstance(cmd, ctx)
                .then(none -> referencesReady(cmd, ctx))
                .last(refs -> createTryingSpecs(cmd, refs, ctx));
        report(cmd, outcome, ctx);
        return outcome;
    }

    /** A step's result: the next step's input, or the end of the chain. */
    private sealed interface Step<T> {
        record Next<T>(T value) implements Step<T> {
        }

        record End<T>(CreateOutcome outcome) implements Step<T> {
        }

        default <U> Step<U> then(Function<T, Step<U>> next) {
            return this instanceof Next<T> n ? next.apply(n.value()) : new End<>(((End<T>) this).outcome());
        }

        default CreateOutcome last(Function<T, CreateOutcome> next) {
            return this instanceof Next<T> n ? next.apply(n.value()) : ((End<T>) this).outcome();
        }
    }

    /** Step 1: an instance already tagged with the pod's uid (a redelivered command) is the pod's. */
    private Step<Void> reuseTaggedInstance(CreateInstance cmd, RetryContext ctx) {
        InstanceRequest r = cmd.request();
        Result<Optional<CloudInstance>> found = retrier.call(() -> findByPodUid(r.regionId(), cmd), ctx,
                e -> publish(cmd, stillWaiting(e, List.of(), ctx)));
        if (found instanceof Result.Halted<Optional<CloudInstance>> h) {
            return new Step.End<>((CreateOutcome) h.halt());
        }
        if (found instanceof Result.Refused<Optional<CloudInstance>> refused) {
            // not retryable (credentials, permissions, a bad request): the pod learns why, with the cloud's code
            log.info("pod {}: instance lookup rejected: {}", cmd.pod(), refused.error().getMessage());
            return new Step.End<>(failedForGood(refused.error(), List.of(), ctx.attempts + 1));
        }
        Optional<CloudInstance> existing = ((Result.Ok<Optional<CloudInstance>>) found).value();
        if (existing.isEmpty()) {
            return new Step.Next<>(null);
        }
        CloudInstance i = existing.get();
        log.info("pod {}: reusing instance {} already tagged with its uid", cmd.pod(), i.id());
        InstanceSpec spec = i.spec() != null ? i.spec() : r.specs().get(0);
        return new Step.End<>(new Created(i.id(), null, r.clientToken(), spec, i.zoneId(), true));
    }

    /** The ConfigMaps and Secrets, read now; an unreadable API is retried like a throttled call. */
    private Step<ResolvedReferences> resolveReferences(CreateInstance cmd, RetryContext ctx) {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Step.Next<>(references.resolve(cmd.pod(), cmd.request()));
            } catch (ReferenceResolver.Unavailable e) {
                log.warn("pod {}: cannot read its ConfigMaps/Secrets ({}), retrying", cmd.pod(), e.getMessage());
                Optional<Halt> halt = ctx.pause(retrier.backoff().delay(attempt, ThreadLocalRandom.current().nextDouble()));
                if (halt.isPresent()) {
                    return new Step.End<>((CreateOutcome) halt.get());
                }
            }
        }
    }

    /**
     * Step 2: the references, read until every required one exists. A reference the pod may not read,
     * or cannot use, fails the pod for good. A required one that does not exist yet is waited for, as
     * a kubelet waits (CreateContainerConfigError, FailedMount): the pod is told at once and again each
     * long-wait period, and the references are read again at growing intervals (up to the backoff's
     * cap) until they exist, the pod is deleted, or the hold time has passed (then re-queued).
     */
    private Step<ResolvedReferences> referencesReady(CreateInstance cmd, RetryContext ctx) {
        for (int round = 1; ; round++) {
            Step<ResolvedReferences> read = resolveReferences(cmd, ctx);
            if (!(read instanceof Step.Next<ResolvedReferences> next)) {
                return read;
            }
            ResolvedReferences refs = next.value();
            if (!refs.problems().isEmpty()) {
                return new Step.End<>(new Failed(false, ReferenceCheck.CODE_NOT_USABLE, String.join("; ", refs.problems()),
                        null, List.of(), 0));
            }
            List<String> unmountable = ClaimVolumes.refusals(cmd.request(), refs.claims());
            if (!unmountable.isEmpty()) {
                return new Step.End<>(new Failed(false, ClaimVolumes.CODE_UNSUPPORTED, String.join("; ", unmountable),
                        null, List.of(), 0));
            }
            Optional<ReferenceCheck.Wait> wait = ReferenceCheck.waitFor(cmd.request(), refs);
            if (wait.isEmpty()) {
                return next;
            }
            if (round == 1 || ctx.dueForReport()) {
                log.info("pod {}: waiting for {}", cmd.pod(), wait.get().message());
                publish(cmd, new Failed(true, wait.get().code(), wait.get().message(), null, List.of(), ctx.attempts));
            }
            Optional<Halt> halt = ctx.pauseCheckingPod(
                    retrier.backoff().delay(round + REFERENCE_ROUNDS_SKIPPED, ThreadLocalRandom.current().nextDouble()));
            if (halt.isPresent()) {
                return new Step.End<>((CreateOutcome) halt.get());
            }
        }
    }

    /**
     * Step 3: the specs the pod's fail strategy allows, in order; while every one tried is out of stock,
     * again after a pause that grows with the pod's wait (fail-fast: not again, the pod fails), until
     * the pod's eci-max-pending-minute has passed since its first create attempt.
     */
    private CreateOutcome createTryingSpecs(CreateInstance cmd, ResolvedReferences refs, RetryContext ctx) {
        PendingBudget budget = PendingBudget.of(cmd.occurredAt(), cmd.request().extraParameters(), noStockInterval,
                noStockMaxPause);
        StrategyOf strategy = new StrategyOf(cmd);
        while (true) {
            CreateOutcome round = trySpecs(cmd, refs, ctx, strategy);
            if (!(round instanceof Failed f) || !f.retryable()) {
                return round;
            }
            FailStrategy s = strategy.get();
            if (!s.retries()) {
                return new Failed(false, f.code(), f.message() + " (" + Keys.ECI_FAIL_STRATEGY + ": fail-fast, not retried)",
                        f.requestId(), f.attemptedSpecs(), f.attempts());
            }
            Instant now = clock.instant();
            if (budget.expired(now)) {
                return new Failed(false, InstanceCreateFailed.CODE_MAX_PENDING_EXCEEDED, "no instance after waiting "
                        + Duration.between(budget.firstAttempt(), now).toMinutes() + " min, longer than "
                        + PendingBudget.ANNOTATION + " (" + budget.minutes() + " min); last answer " + f.code() + ": "
                        + f.message() + "; the create is not retried", f.requestId(), f.attemptedSpecs(), f.attempts());
            }
            Duration pause = budget.nextPause(now);
            publish(cmd, new Failed(true, f.code(), f.message() + "; " + s.value() + ": "
                    + (s == FailStrategy.FAIL_BACK ? "retrying the same spec at the same vSwitches" : "trying the specs again")
                    + " in " + pause.toSeconds() + " s, giving up at " + budget.deadline() + " ("
                    + PendingBudget.ANNOTATION + " " + budget.minutes() + ")", f.requestId(), f.attemptedSpecs(), f.attempts()));
            Optional<Halt> halt = ctx.pauseCheckingPod(pause);
            if (halt.isPresent()) {
                return (CreateOutcome) halt.get();
            }
        }
    }

    /** The pod's fail strategy, read from its annotations at the first out-of-stock answer, once per command. */
    private final class StrategyOf {
        private final CreateInstance cmd;
        private FailStrategy strategy;

        StrategyOf(CreateInstance cmd) {
            this.cmd = cmd;
        }

        FailStrategy get() {
            if (strategy == null) {
                strategy = FailStrategy.of(pods.annotations(cmd.pod()).get(Keys.ECI_FAIL_STRATEGY));
            }
            return strategy;
        }
    }

    /**
     * One pass over the specs: the first created wins; NoStock moves on to the next spec when the fail
     * strategy allows; any other refusal ends it.
     */
    private CreateOutcome trySpecs(CreateInstance cmd, ResolvedReferences refs, RetryContext ctx, StrategyOf strategy) {
        InstanceRequest r = cmd.request();
        List<String> attempted = new ArrayList<>();
        CloudException noStock = null;
        for (int i = 0; i < r.specs().size(); i++) {
            InstanceSpec spec = r.specs().get(i);
            String token = ClientTokens.forSpec(r.clientToken(), i);
            Result<CloudInstances.Created> result = retrier.call(() -> cloud.create(r, spec, token, refs), ctx,
                    e -> publish(cmd, stillWaiting(e, attempted, ctx)));
            if (result instanceof Result.Ok<CloudInstances.Created> ok) {
                String zone = zoneOf(r, ok.value().instanceId());
                return new Created(ok.value().instanceId(), ok.value().requestId(), token, spec, zone, false);
            }
            if (result instanceof Result.Halted<CloudInstances.Created> h) {
                return (CreateOutcome) h.halt();
            }
            CloudException e = ((Result.Refused<CloudInstances.Created>) result).error();
            addOnce(attempted, spec.name());
            if (!(e.error() instanceof CloudError.NoStock)) {
                log.info("pod {}: create rejected: {}", cmd.pod(), e.getMessage());
                return failedForGood(e, attempted, ctx.attempts + 1);
            }
            noStock = e;
            if (!strategy.get().triesSpecAfter(i, r.specs().size())) {
                log.info("pod {}: no stock for spec {} ({})", cmd.pod(), spec.name(), e.error().code());
                break;
            }
            log.info("pod {}: no stock for spec {} ({}), trying the next", cmd.pod(), spec.name(), e.error().code());
        }
        ctx.attempts++;
        return new Failed(true, noStock.error().code(), "no stock for " + (attempted.size() == 1 ? "spec " : "any of the specs ")
                + attempted + ": " + noStock.error().message(), noStock.requestId(), attempted, ctx.attempts);
    }

    /** The end: what the pod learns (held and abandoned commands publish nothing). */
    private void report(CreateInstance cmd, CreateOutcome outcome, RetryContext ctx) {
        if (outcome instanceof Created c) {
            sink.publish(events.created(cmd, cmd.request(), c.instanceId(), c.requestId(), c.clientToken(), c.spec(),
                    c.zoneId()));
            known.put(cmd.pod().uid(), c.instanceId());
            // the watcher may have seen the new instance (by the cluster tag) before this InstanceCreated, and published
            // its status with a lower sequence; the reconciler orders statuses among themselves, so that status holds.
            // Forgotten here, the instance's current status is also published again at this watcher's next look.
            watcher.forget(c.instanceId());
            latency.record(Duration.between(ctx.started(), clock.instant()));
        } else if (outcome instanceof Failed f) {
            publish(cmd, f);
        }
    }

    private void publish(CreateInstance cmd, Failed f) {
        sink.publish(events.failed(cmd, f.retryable(), f.code(), f.message(), f.requestId(), f.attemptedSpecs(),
                f.attempts()));
    }

    private static Failed stillWaiting(CloudException e, List<String> attempted, RetryContext ctx) {
        return new Failed(true, e.error().code(), ctx.waitMessage(e.error().code(), e.error().message()),
                e.requestId(), attempted, ctx.attempts);
    }

    private static Failed failedForGood(CloudException e, List<String> attempted, int attempts) {
        return new Failed(false, e.error().code(), e.error().message(), e.requestId(), attempted, attempts);
    }

    /** Every instance tagged with the pod's uid (normally none or one). */
    private Optional<CloudInstance> findByPodUid(String region, CreateInstance cmd) {
        return cloud.describe(region, Map.of(Keys.TAG_POD_UID, cmd.pod().uid()), null, null).items().stream()
                .filter(i -> cmd.pod().uid().equals(i.podUid())).findFirst();
    }

    /**
     * Best effort: the zone the cloud placed the instance in. The request's zone when it names one; else,
     * with exactly one vSwitch, the zone learned for that vSwitch (a vSwitch lives in one zone for good);
     * else one DescribeContainerGroups call (no retry), whose answer is remembered for a single vSwitch.
     */
    private String zoneOf(InstanceRequest r, String instanceId) {
        if (r.zoneId() != null && !r.zoneId().isBlank()) {
            return r.zoneId();
        }
        String region = r.regionId();
        String vSwitch = r.vSwitchIds() != null && r.vSwitchIds().size() == 1 ? region + "/" + r.vSwitchIds().get(0) : null;
        if (vSwitch != null && zoneByVSwitch.containsKey(vSwitch)) {
            return zoneByVSwitch.get(vSwitch);
        }
        try {
            String zone = cloud.describe(region, Map.of(), List.of(instanceId), null).items().stream()
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

    private static void addOnce(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }
}
