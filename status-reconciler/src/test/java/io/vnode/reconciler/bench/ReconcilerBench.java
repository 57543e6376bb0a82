package io.vnode.reconciler.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Topics;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.reconciler.StatusReconcilerApplication;
import io.vnode.reconciler.app.ReconcileMetrics;
import io.vnode.reconciler.it.Events;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.KubeApiServer;
import io.vnode.localkube.PodFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Throughput of one service instance: creates N pods on the CRUD API server, pushes 4 status events
 * per pod (InstanceCreated, Pending, Running, Succeeded with exit 0) through the real broker in
 * rounds (every pod's 1st event, then every pod's 2nd, ...), and prints the status events per second
 * the running service consumed and applied, from the first publish to the last event processed.
 *
 * <pre>
 * ./mvnw -B -o -q -pl status-reconciler test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.vnode.reconciler.bench.ReconcilerBench -Dexec.args="4000"
 * </pre>
 */
public final class ReconcilerBench {

    private ReconcilerBench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the in-process broker's threads would keep the JVM alive
        }
    }

    static void run(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        // enough warm-up pods that the JIT has finished compiling the hot paths before the measured run
        int warmupPods = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        String events = KafkaBroker.uniqueTopic(Topics.INSTANCE_EVENTS) + "-bench";
        String rejections = KafkaBroker.uniqueTopic(Topics.POD_REJECTIONS) + "-bench";
        String billing = KafkaBroker.uniqueTopic(Topics.BILLING_USAGE) + "-bench";
        KafkaBroker.createTopics(events, rejections, billing);
        try (KubeApiServer kube = KubeApiServer.start(); KubernetesClient client = kube.client()) {
            List<Pod> warmup = createPods(client, 1 + warmupPods);
            List<Pod> measured = createPods(client, pods);
            System.out.printf("created %d pods (%d for warm-up)%n", pods + warmupPods, warmupPods);
            // command-line arguments: they take precedence over application.yml
            ConfigurableApplicationContext app = new SpringApplicationBuilder(StatusReconcilerApplication.class)
                    .run("--spring.cloud.stream.kafka.binder.brokers=" + KafkaBroker.bootstrapServers(),
                            "--vnode.kube.master-url=" + kube.url(),
                            "--vnode.reconciler.instance-events-topic=" + events,
                            "--vnode.reconciler.pod-rejections-topic=" + rejections,
                            "--vnode.reconciler.billing-usage-topic=" + billing,
                            "--vnode.reconciler.parallelism=" + parallelism,
                            "--server.port=0",
                            "--logging.level.root=WARN");
            ReconcileMetrics metrics = app.getBean(ReconcileMetrics.class);
            // one pod through the service, so partitions are assigned before anything is timed
            Pod first = warmup.remove(0);
            KafkaBroker.publish(events, Events.created(first, 1, ComputeType.ECI, "eci-warm", InstanceSpec.ofCpuMemory(2, 4, null)));
            await(() -> metrics.processed() >= 1, Duration.ofSeconds(60));
            if (!warmup.isEmpty()) {
                Result w = drive(kube, metrics, events, warmup);
                System.out.printf("warm-up (JIT): %d status events for %d pods, %.0f/s%n", w.events, warmup.size(), w.events / w.seconds);
            }
            Result r = drive(kube, metrics, events, measured);
            long succeeded = client.pods().inNamespace("default").list().getItems().stream()
                    .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase())
                            && p.getMetadata().getAnnotations().containsKey("vnode.io/billing-stop")).count();
            System.out.printf("published %d status events in %.2f s%n", r.events, r.published);
            System.out.printf("applied %d status events for %d pods in %.2f s: %.0f status events/s (parallelism %d)%n",
                    r.events, measured.size(), r.seconds, r.events / r.seconds, parallelism);
            System.out.printf("pods Succeeded with both billing marks: %d of %d%n", succeeded, measured.size() + warmup.size());
            int calls = r.requests.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("API requests: %d (%.2f per status event) %s%n", calls, (double) calls / r.events, r.requests);
            System.out.printf("CPU: %.1f s in %.1f s (%.2f of %d cores) for everything in this JVM%n",
                    r.cpu.get("total"), r.seconds, r.cpu.get("total") / r.seconds, Runtime.getRuntime().availableProcessors());
            r.cpu.forEach((k, v) -> {
                if (!k.equals("total")) {
                    System.out.printf("  %-38s %6.1f s  %6.2f ms per status event%n", k, v, 1000 * v / r.events);
                }
            });
            double service = r.cpu.get("status-reconciler (service threads)");
            System.out.printf("the service's own threads: %.2f ms CPU per status event = %.0f status events/s per core%n",
                    1000 * service / r.events, r.events / service);
            app.close();
        }
    }

    record Result(int events, double published, double seconds, java.util.Map<String, Integer> requests,
                  java.util.Map<String, Double> cpu) {
    }

    static List<Pod> createPods(KubernetesClient client, int n) {
        List<Pod> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pod p = new io.fabric8.kubernetes.api.model.PodBuilder(PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), Events.NODE))
                    .editMetadata().withName("bench-" + java.util.UUID.randomUUID()).endMetadata().build(); // fixture names can collide
            created.add(client.pods().inNamespace("default").resource(p).create());
        }
        return created;
    }

    /** Pushes 4 events per pod in rounds and waits until the service has processed them all. */
    static Result drive(KubeApiServer kube, ReconcileMetrics metrics, String topic, List<Pod> pods) throws Exception {
        double base = metrics.processed();
        InstanceSpec spec = InstanceSpec.ofCpuMemory(2, 4, null);
        List<List<VnodeEvent>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Pod p : pods) {
            String id = "eci-" + p.getMetadata().getUid().substring(0, 12);
            rounds.get(0).add(Events.created(p, 1, ComputeType.ECI, id, spec));
            rounds.get(1).add(Events.status(p, 2, ComputeType.ECI, id, spec, "Pending", Events.waiting("ContainerCreating"), false, List.of()));
            rounds.get(2).add(Events.status(p, 3, ComputeType.ECI, id, spec, "Running", Events.running(Events.T0.plusSeconds(25)), true,
                    List.of(Events.cloudEvent("Normal", "Pulled", "Successfully pulled image", 1))));
            rounds.get(3).add(Events.status(p, 4, ComputeType.ECI, id, spec, "Succeeded",
                    Events.terminated(0, Events.T0.plusSeconds(25), Events.T0.plusSeconds(38)), false, List.of()));
        }
        int total = pods.size() * 4;
        kube.drainRequestCounts();
        CpuClock cpu = new CpuClock();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = KafkaBroker.producer()) {
            for (List<VnodeEvent> round : rounds) {
                for (VnodeEvent e : round) {
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, e.pod().uid(), io.vnode.contracts.EventCodec.encode(e));
                    r.headers().add("vnode-event-type", io.vnode.contracts.EventCodec.typeOf(e).getBytes());
                    producer.send(r);
                }
            }
            producer.flush();
        }
        double published = (System.nanoTime() - t0) / 1e9;
        await(() -> metrics.processed() - base >= total, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(total, published, seconds, kube.drainRequestCounts(), cpu.elapsed(kube.dispatcher().servingThreads()));
    }

    /** CPU time of this JVM by component, from thread CPU times (the rest: JIT compiler and GC threads). */
    static final class CpuClock {
        private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private final long process0;
        private final java.util.Map<Long, Long> start = new java.util.HashMap<>();

        CpuClock() {
            for (long id : threads.getAllThreadIds()) {
                start.put(id, Math.max(0, threads.getThreadCpuTime(id)));
            }
            process0 = os.getProcessCpuTime();
        }

        java.util.Map<String, Double> elapsed(java.util.Set<Long> serverThreads) {
            java.util.Map<String, Double> out = new java.util.TreeMap<>();
            double total = (os.getProcessCpuTime() - process0) / 1e9;
            double counted = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long ns = threads.getThreadCpuTime(info.getThreadId()) - start.getOrDefault(info.getThreadId(), 0L);
                if (ns <= 0) {
                    continue;
                }
                String group = group(info.getThreadName(), serverThreads.contains(info.getThreadId()));
                out.merge(group, ns / 1e9, Double::sum);
                counted += ns / 1e9;
            }
            out.put("JIT compiler, GC and exited threads", Math.max(0, total - counted));
            out.put("total", total);
            return out;
        }

        static String group(String name, boolean server) {
            if (server) {
                return "CRUD API server (its event loop)";
            }
            if (name.startsWith("reconcile-") || name.startsWith("KafkaConsumerDestination") || name.startsWith("vert.x-")
                    || name.startsWith("kafka-producer-network-thread") || name.startsWith("OkHttp")) {
                return "status-reconciler (service threads)";
            }
            if (name.startsWith("main")) {
                return "benchmark driver";
            }
            return "Kafka broker and other";
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
