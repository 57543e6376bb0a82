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
import io.vnode.testsupport.KubeApiServer;
import io.vnode.testsupport.PodFixtures;
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
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.vnode.reconciler.bench.ReconcilerBench -Dexec.args="2000"
 * </pre>
 */
public final class ReconcilerBench {

    private ReconcilerBench() {
    }

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        String events = KafkaBroker.uniqueTopic(Topics.INSTANCE_EVENTS) + "-bench";
        String rejections = KafkaBroker.uniqueTopic(Topics.POD_REJECTIONS) + "-bench";
        String billing = KafkaBroker.uniqueTopic(Topics.BILLING_USAGE) + "-bench";
        KafkaBroker.createTopics(events, rejections, billing);
        try (KubeApiServer kube = KubeApiServer.start(); KubernetesClient client = kube.client()) {
            List<Pod> created = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                Pod p = PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), Events.NODE);
                created.add(client.pods().inNamespace("default").resource(p).create());
            }
            System.out.printf("created %d pods%n", pods);
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
            // warm-up: one pod through the service, so partitions are assigned before the clock starts
            Pod warm = created.remove(0);
            KafkaBroker.publish(events, Events.created(warm, 1, ComputeType.ECI, "eci-warm", InstanceSpec.ofCpuMemory(2, 4, null)));
            await(() -> metrics.processed() >= 1, Duration.ofSeconds(60));
            double base = metrics.processed();

            InstanceSpec spec = InstanceSpec.ofCpuMemory(2, 4, null);
            List<List<VnodeEvent>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (Pod p : created) {
                String id = "eci-" + p.getMetadata().getUid().substring(0, 12);
                rounds.get(0).add(Events.created(p, 1, ComputeType.ECI, id, spec));
                rounds.get(1).add(Events.status(p, 2, ComputeType.ECI, id, spec, "Pending", Events.waiting("ContainerCreating"), false, List.of()));
                rounds.get(2).add(Events.status(p, 3, ComputeType.ECI, id, spec, "Running", Events.running(Events.T0.plusSeconds(25)), true,
                        List.of(Events.cloudEvent("Normal", "Pulled", "Successfully pulled image", 1))));
                rounds.get(3).add(Events.status(p, 4, ComputeType.ECI, id, spec, "Succeeded",
                        Events.terminated(0, Events.T0.plusSeconds(25), Events.T0.plusSeconds(38)), false, List.of()));
            }
            int total = created.size() * 4;
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = KafkaBroker.producer()) {
                for (List<VnodeEvent> round : rounds) {
                    for (VnodeEvent e : round) {
                        ProducerRecord<String, byte[]> r = new ProducerRecord<>(events, e.pod().uid(), io.vnode.contracts.EventCodec.encode(e));
                        r.headers().add("vnode-event-type", io.vnode.contracts.EventCodec.typeOf(e).getBytes());
                        producer.send(r);
                    }
                }
                producer.flush();
            }
            double published = (System.nanoTime() - t0) / 1e9;
            await(() -> metrics.processed() - base >= total, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long succeeded = client.pods().inNamespace("default").list().getItems().stream()
                    .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase())
                            && p.getMetadata().getAnnotations().containsKey("vnode.io/billing-stop")).count();
            System.out.printf("published %d status events in %.2f s%n", total, published);
            System.out.printf("applied %d status events for %d pods in %.2f s: %.0f status events/s (parallelism %d)%n",
                    total, created.size(), seconds, total / seconds, parallelism);
            System.out.printf("pods Succeeded with both billing marks: %d of %d%n", succeeded, created.size());
            app.close();
        }
        System.exit(0);
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
