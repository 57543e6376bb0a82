package io.vnode.localstack.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import io.vnode.emulator.ApiStats;
import io.vnode.emulator.InstanceView;
import io.vnode.localstack.ServiceProcess;
import io.vnode.localstack.Stack;
import io.vnode.localkube.PodFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Drives a burst of pods through a running stack and measures it: pods/s, latencies per stage,
 * cloud calls per pod, throttles, peak heap per service, consumer lag; and, for chaos runs, pods lost,
 * duplicate and orphan instances.
 */
public final class Burst {

    public static final String LABEL = "vnode-burst";
    static final String NAMESPACE = "default";
    static final List<String> GROUPS = List.of("pod-translator", "cloud-executor", "status-reconciler");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern HEAP_VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+]+)");

    private final Stack stack;
    private final KubernetesClient client;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, Long> peakHeap = new ConcurrentHashMap<>();
    private volatile long peakLag;
    private final List<Map.Entry<Double, Map<String, Integer>>> samples = new ArrayList<>();

    private final Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Burst(Stack stack, KubernetesClient client) {
        this.stack = stack;
        this.client = client;
    }

    /** Runs the burst; {@code during} runs concurrently (chaos), may be null. Returns the report. */
    public Map<String, Object> run(int pods, int createThreads, Duration settleTimeout, Runnable during) throws Exception {
        return run(pods, createThreads, settleTimeout, during, 0);
    }

    /**
     * Runs the pods through the stack: all at once ({@code ratePerSecond} 0, a burst), or open loop at a fixed
     * rate, pod i created at start + i / rate whatever happened to the pods before it (so a stack that falls
     * behind shows it in its latencies, not in a slower arrival). Returns the report.
     */
    public Map<String, Object> run(int pods, int createThreads, Duration settleTimeout, Runnable during, double ratePerSecond)
            throws Exception {
        AtomicBoolean sampling = new AtomicBoolean(true);
        Map<String, Object> report = new LinkedHashMap<>();
        try (PodTracker tracker = new PodTracker(client, NAMESPACE, LABEL, runId)) {
            long start = System.currentTimeMillis();
            Thread sampler = new Thread(() -> sample(tracker, start, sampling), "burst-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Thread chaos = during == null ? null : new Thread(during, "burst-chaos");
            if (chaos != null) {
                chaos.start();
            }

            ExecutorService creators = Executors.newFixedThreadPool(createThreads);
            // on the control plane kube-scheduler binds the pods (nodeSelector + toleration); on the CRUD server
            // they are created bound, as the scheduler would leave them
            Pod template = stack.controlPlane() != null ? PodFixtures.nginxAcsByNodeSelector()
                    : PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), Stack.NODE);
            long paceStart = System.nanoTime();
            for (int i = 0; i < pods; i++) {
                String name = "burst-" + runId + "-" + i;
                if (ratePerSecond > 0) {
                    long due = paceStart + (long) (i * 1e9 / ratePerSecond);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait); // the arrival schedule itself
                    }
                }
                creators.submit(() -> create(tracker, template, name));
            }
            creators.shutdown();
            creators.awaitTermination(30, TimeUnit.MINUTES);
            long created = System.currentTimeMillis();
            if (chaos != null) {
                chaos.join();
            }
            // every pod not deleted on purpose Running, every deleted one gone from Kubernetes and the cloud
            boolean settled = awaitUntil(settleTimeout, () -> keptNotRunning(tracker) == 0 && deletedNotGone(tracker) == 0
                    && deletedWithLiveInstance() == 0);
            long end = System.currentTimeMillis();
            sampling.set(false);
            sampler.join();

            report.put("pods", pods);
            report.put("settled", settled);
            if (ratePerSecond > 0) {
                report.put("arrival_rate_per_s", ratePerSecond);
            }
            report.put("create_requests_s", (created - start) / 1000.0);
            report.put("pods_created_per_s", pods / Math.max(0.001, (created - start) / 1000.0));
            report.put("end_to_end_s", (end - start) / 1000.0);
            report.put("pods_per_s", pods / ((end - start) / 1000.0));
            report.putAll(latencies(tracker));
            report.putAll(cloudFigures(tracker, pods));
            report.put("peak_heap_mib", peakHeap);
            report.put("peak_consumer_lag", peakLag);
            report.put("pods_by_state_at_end", tracker.counts());
            report.put("samples", samples.size());
        }
        return report;
    }

    private void create(PodTracker tracker, Pod template, String name) {
        // no owner: a real cluster's garbage collector deletes a pod whose owner does not exist
        Pod pod = new PodBuilder(template).editMetadata().withName(name).withUid(null).withOwnerReferences(List.of())
                .addToLabels(LABEL, runId).endMetadata().build();
        for (int attempt = 0; ; attempt++) {
            try {
                long at = System.currentTimeMillis();
                Pod createdPod = client.pods().inNamespace(NAMESPACE).resource(pod).create();
                tracker.created(createdPod.getMetadata().getUid(), name, at);
                return;
            } catch (RuntimeException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private Map<String, Object> latencies(PodTracker tracker) {
        Map<String, InstanceView> byUid = new LinkedHashMap<>();
        for (InstanceView i : stack.emulator().admin().instances()) {
            byUid.putIfAbsent(i.tags().get(Keys.TAG_POD_UID), i);
        }
        List<Long> bindToCreate = new ArrayList<>();
        List<Long> createToRunning = new ArrayList<>();
        List<Long> cloudToPod = new ArrayList<>();
        List<Long> endToEnd = new ArrayList<>();
        tracker.stamps().forEach((uid, s) -> {
            InstanceView i = byUid.get(uid);
            if (s.createdAt > 0 && s.runningAt > 0) {
                endToEnd.add(s.runningAt - s.createdAt);
            }
            if (i == null || i.creationTime() == null) {
                return;
            }
            long createCall = i.creationTime().toEpochMilli();
            if (s.createdAt > 0) {
                bindToCreate.add(Math.max(0, createCall - s.createdAt));
            }
            Long cloudRunning = i.containers().isEmpty() || i.containers().get(0).startedAt() == null ? null
                    : i.containers().get(0).startedAt().toEpochMilli();
            if (cloudRunning != null) {
                createToRunning.add(Math.max(0, cloudRunning - createCall));
                if (s.runningAt > 0) {
                    cloudToPod.add(Math.max(0, s.runningAt - cloudRunning));
                }
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bind_to_create_call", Figures.percentiles(bindToCreate));
        m.put("create_call_to_instance_running", Figures.percentiles(createToRunning));
        m.put("cloud_status_change_to_pod_status", Figures.percentiles(cloudToPod));
        m.put("end_to_end", Figures.percentiles(endToEnd));
        return m;
    }

    private Map<String, Object> cloudFigures(PodTracker tracker, int pods) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> perPod = new LinkedHashMap<>();
        long throttled = 0;
        long calls = 0;
        for (Map.Entry<String, ApiStats> e : stack.emulator().admin().stats().entrySet()) {
            ApiStats s = e.getValue();
            perPod.put(e.getKey(), Math.round(1000.0 * (s.served() + s.throttled()) / pods) / 1000.0);
            throttled += s.throttled();
            calls += s.served() + s.throttled();
        }
        m.put("cloud_calls_per_pod", perPod);
        m.put("cloud_calls", calls);
        m.put("throttled_calls", throttled);
        Set<String> uids = new HashSet<>(tracker.stamps().keySet());
        Map<String, Long> perUid = stack.emulator().admin().instanceCountByTag(Keys.TAG_POD_UID);
        m.put("duplicate_instances", perUid.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum());
        m.put("orphan_instances", perUid.keySet().stream().filter(u -> !uids.contains(u)).count());
        m.put("pods_without_instance", uids.stream().filter(u -> !deleted.contains(u) && !perUid.containsKey(u)).count());
        m.put("deleted_pods_with_live_instance", deletedWithLiveInstance());
        m.put("deleted_pods_not_gone", deletedNotGone(tracker));
        m.put("kept_pods_not_running", keptNotRunning(tracker));
        return m;
    }

    /** Pods deleted by {@link #deleteSome} that Kubernetes still has (Terminating: their deletion was never confirmed). */
    private long deletedNotGone(PodTracker tracker) {
        return deleted.stream().filter(u -> {
            PodTracker.Stamps s = tracker.stamps().get(u);
            return s == null || s.state != PodTracker.State.GONE;
        }).count();
    }

    /** Pods not deleted on purpose that are not Running (or Succeeded). */
    private long keptNotRunning(PodTracker tracker) {
        return tracker.stamps().entrySet().stream()
                .filter(e -> !deleted.contains(e.getKey()) && e.getValue().state != PodTracker.State.RUNNING).count();
    }

    private void sample(PodTracker tracker, long start, AtomicBoolean sampling) {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", stack.kafkaBootstrap(),
                "request.timeout.ms", "3000", "default.api.timeout.ms", "5000"))) {
            while (sampling.get()) {
                Map<String, Integer> counts = new LinkedHashMap<>();
                tracker.counts().forEach((k, v) -> counts.put(k.name(), v));
                synchronized (samples) {
                    samples.add(new AbstractMap.SimpleEntry<>((System.currentTimeMillis() - start) / 1000.0, counts));
                }
                for (String module : Stack.SERVICES) {
                    ServiceProcess s = stack.service(module);
                    Long heap = heapMiB(s.port());
                    if (heap != null) {
                        peakHeap.merge(module, heap, Math::max);
                    }
                }
                peakLag = Math.max(peakLag, lag(admin));
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Long heapMiB(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = HEAP_VALUE.matcher(r.body());
            return r.statusCode() == 200 && m.find() ? (long) (Double.parseDouble(m.group(1)) / (1024 * 1024)) : null;
        } catch (Exception e) {
            return null;
        }
    }

    static long lag(AdminClient admin) {
        long total = 0;
        try {
            for (String group : GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS);
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null && ends.containsKey(e.getKey())) {
                        total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
            }
        } catch (Exception e) {
            return 0; // broker restarting: no sample
        }
        return total;
    }

    public List<Map.Entry<Double, Map<String, Integer>>> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /** Deletes {@code n} of the burst's pods (as kubectl would), while the run goes on; returns how many were deleted. */
    public long deleteSome(int n) {
        List<Pod> pods = client.pods().inNamespace(NAMESPACE).withLabel(LABEL, runId).list().getItems();
        long done = 0;
        for (Pod pod : pods.subList(0, Math.min(n, pods.size()))) {
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).delete();
                    deleted.add(pod.getMetadata().getUid());
                    done++;
                    break;
                } catch (RuntimeException e) {
                    // the API server is busy: try again
                }
            }
        }
        return done;
    }

    /** Pods deleted by {@link #deleteSome} whose instance still runs (or is still being created). */
    long deletedWithLiveInstance() {
        return stack.emulator().admin().instances().stream()
                .filter(i -> deleted.contains(i.tags().get(Keys.TAG_POD_UID)) && !"Terminating".equals(i.status()))
                .count();
    }

    /** Deletes the burst's pods one by one (as kubectl would) and waits until they and their instances are gone; returns instances left. */
    public long deleteAll(Duration timeout) throws InterruptedException {
        ExecutorService deleters = Executors.newFixedThreadPool(4);
        for (Pod pod : client.pods().inNamespace(NAMESPACE).withLabel(LABEL, runId).list().getItems()) {
            deleters.submit(() -> {
                for (int attempt = 0; attempt < 5; attempt++) {
                    try {
                        client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).delete();
                        return;
                    } catch (RuntimeException e) {
                        // the API server is busy: try again
                    }
                }
            });
        }
        deleters.shutdown();
        deleters.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        awaitUntil(timeout, () -> client.pods().inNamespace(NAMESPACE).withLabel(LABEL, runId).list().getItems().isEmpty()
                && liveInstances() == 0);
        return liveInstances();
    }

    long liveInstances() {
        return stack.emulator().admin().instances().stream().filter(i -> !"Terminating".equals(i.status())).count();
    }

    static boolean awaitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // the API server or the broker did not answer this time: the condition is not met yet
            }
            try {
                Thread.sleep(500); // polling a condition of a separate system under test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
