package io.vnode.localstack.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Topics;
import io.vnode.emulator.FaultSettings;
import io.vnode.emulator.Timing;
import io.vnode.localstack.ServiceProcess;
import io.vnode.localstack.Stack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./run-local.sh chaos [pods]}: during a burst (default 2,000 pods) with two replicas of every
 * service, SIGKILL and restart each service in turn, restart the Kafka broker, stop the API server for
 * 60 s, stop Kafka for more than 5 minutes, delete a quarter of the pods while the cloud answers 30%
 * Throttling and 5% 5xx, and put malformed records on every topic: undecodable ones and ones that decode
 * but are invalid. Then count what matters: pods lost, duplicate instances, pods not in their final
 * state, orphan instances, pods evicted, time to settle, and records in the dead-letter topics.
 */
public final class Chaos {

    /**
     * What the run does beside the burst.
     *
     * @param restartKafka restart the stack's broker process (needs a broker of the stack's own)
     * @param kafkaOutage how long the broker stays down (zero: no outage)
     * @param apiServerOutage how long kube-apiserver stays down (zero: none; needs the local control plane)
     * @param secondReplicas run a second replica of every service
     * @param deleteUnderFaults pods deleted while the cloud still answers with faults
     */
    public record Plan(int pods, boolean restartKafka, Duration kafkaOutage, Duration apiServerOutage,
                       boolean secondReplicas, int deleteUnderFaults) {

        /** Everything: what {@code ./run-local.sh chaos} and ChaosIT run. */
        public static Plan full(int pods) {
            return new Plan(pods, true, Duration.ofSeconds(330), Duration.ofSeconds(60), true, pods / 4);
        }
    }

    private Chaos() {
    }

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path root = Path.of(System.getProperty("vnode.repo", ".")).toAbsolutePath().normalize();
        Stack.Options d = Stack.Options.local(root);
        Stack.Options options = new Stack.Options(d.repoRoot(), d.workDir().resolve("chaos-stack"), d.kafkaPort() + 20,
                d.kubePort() + 20, d.emulatorPort() + 20, d.firstServicePort() + 20, 0, Timing.instant(), null, null, Map.of(), d.kube());
        Map<String, Object> report;
        try (Stack stack = Stack.start(options, line -> System.out.println("  " + line));
             KubernetesClient client = stack.kubeClient()) {
            report = run(stack, client, Plan.full(pods), System.out::println);
            Path out = d.workDir().resolve("bench");
            Files.createDirectories(out);
            Path json = out.resolve("chaos-" + pods + ".json");
            Files.writeString(json, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
            System.out.println("== wrote " + json);
        }
        System.exit(0);
    }

    /** Runs the chaos burst against a started stack. */
    public static Map<String, Object> run(Stack stack, KubernetesClient client, Plan plan, Consumer<String> log) throws Exception {
        Burst burst = new Burst(stack, client);
        List<String> timeline = new ArrayList<>();
        Consumer<String> step = s -> {
            timeline.add(s);
            log.accept("  chaos: " + s);
        };
        int pods = plan.pods();
        if (plan.secondReplicas()) {
            for (String module : Stack.SERVICES) {
                stack.addReplica(module);
            }
            step.accept("second replica of every service");
        }
        stack.emulator().admin().setFaults("*", new FaultSettings(0.30, 0.05, 0, 0, Duration.ZERO));
        long[] deletedUnderFaults = {0};
        Runnable during = () -> {
            try {
                poison(stack.kafkaBootstrap());
                step.accept("malformed records put on every topic");
                for (int i = 0; i < Stack.SERVICES.size(); i++) {
                    String module = Stack.SERVICES.get(i);
                    awaitInstances(stack, (i + 1) * pods / 6);
                    ServiceProcess s = stack.service(module);
                    s.kill();
                    step.accept("SIGKILL " + module);
                    s.restart().awaitReady(Duration.ofMinutes(3));
                    step.accept("restarted " + module);
                }
                if (plan.deleteUnderFaults() > 0) {
                    deletedUnderFaults[0] = burst.deleteSome(plan.deleteUnderFaults());
                    step.accept("deleted pods under cloud faults");
                }
                if (plan.restartKafka()) {
                    stack.restartKafka();
                    step.accept("restarted the Kafka broker");
                }
                if (!plan.apiServerOutage().isZero() && stack.controlPlane() != null) {
                    stack.controlPlane().suspend("kube-apiserver");
                    step.accept("stopped the API server");
                    Thread.sleep(plan.apiServerOutage().toMillis()); // the outage's length
                    stack.controlPlane().resume("kube-apiserver");
                    step.accept("API server back after " + plan.apiServerOutage().toSeconds() + " s");
                }
                if (!plan.kafkaOutage().isZero()) {
                    stack.stopKafka();
                    step.accept("stopped the Kafka broker");
                    Thread.sleep(plan.kafkaOutage().toMillis()); // the outage's length
                    stack.startKafka();
                    step.accept("Kafka broker back after " + plan.kafkaOutage().toSeconds() + " s");
                }
            } catch (Exception e) {
                step.accept("chaos step failed: " + e);
            } finally {
                stack.emulator().admin().setFaults("*", FaultSettings.NONE);
                step.accept("cloud faults cleared");
            }
        };
        long start = System.currentTimeMillis();
        Map<String, Object> r = burst.run(pods, 4, Duration.ofMinutes(30), during);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("pods", pods);
        report.put("pods_lost", r.get("pods_without_instance"));
        report.put("duplicate_instances", r.get("duplicate_instances"));
        report.put("pods_not_final", r.get("kept_pods_not_running"));
        report.put("deleted_pods_not_gone", r.get("deleted_pods_not_gone"));
        report.put("orphan_instances", r.get("orphan_instances"));
        report.put("pods_deleted_under_faults", deletedUnderFaults[0]);
        report.put("pods_evicted", evictions(client));
        report.put("time_to_settle_s", (System.currentTimeMillis() - start) / 1000.0);
        report.put("dead_letters", deadLetters(stack.kafkaBootstrap()));
        report.put("timeline", timeline);
        report.put("burst", r);
        report.put("instances_left_after_delete", burst.deleteAll(Duration.ofMinutes(10)));
        return report;
    }

    /** Pods the node lifecycle controller evicted (Events TaintManagerEviction), in every namespace. */
    static long evictions(KubernetesClient client) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "TaintManagerEviction".equals(e.getReason()) && e.getMessage() != null
                        && e.getMessage().startsWith("Marking for deletion"))
                .map(e -> e.getInvolvedObject().getUid()).distinct().count();
    }

    static void awaitInstances(Stack stack, int n) {
        Burst.awaitUntil(Duration.ofMinutes(5), () -> stack.emulator().admin().instances().size() >= n);
    }

    /**
     * On every topic: one record that is not JSON, one JSON record of no known type, and records of the
     * topic's own types that decode but are invalid (no pod, a pod without uid).
     */
    static void poison(String bootstrap) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : Topics.ALL) {
                p.send(new ProducerRecord<>(topic, "poison-1", "\u0000not json".getBytes(StandardCharsets.UTF_8)));
                p.send(new ProducerRecord<>(topic, "poison-2", "{\"type\":\"nothing.v0\"}".getBytes(StandardCharsets.UTF_8)));
                int i = 0;
                for (String json : MalformedRecords.of(topic)) {
                    p.send(new ProducerRecord<>(topic, "malformed-" + i++, json.getBytes(StandardCharsets.UTF_8)));
                }
            }
            p.flush();
        }
    }

    static Map<String, Long> deadLetters(String bootstrap) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "chaos-dlq-count-" + System.nanoTime(), "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : Topics.ALL) {
                String dlq = Topics.dlq(topic);
                var partitions = c.partitionsFor(dlq, Duration.ofSeconds(5));
                if (partitions == null || partitions.isEmpty()) {
                    counts.put(dlq, 0L);
                    continue;
                }
                var tps = partitions.stream().map(pi -> new org.apache.kafka.common.TopicPartition(dlq, pi.partition())).toList();
                long total = 0;
                for (var e : c.endOffsets(tps).entrySet()) {
                    total += e.getValue() - c.beginningOffsets(List.of(e.getKey())).get(e.getKey());
                }
                counts.put(dlq, total);
            }
        }
        return counts;
    }
}
