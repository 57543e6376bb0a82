package io.vnode.localstack;

import io.vnode.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka 4 broker (KRaft, combined broker+controller) in its own JVM, from the Kafka jars on
 * this launcher's classpath (kafka_2.13 4.1.2, resolved by Maven). Storage is formatted with
 * {@code --standalone} in a data directory; the process is destroyed on close.
 */
final class KafkaProcess implements AutoCloseable {

    /** retention.ms of the dead-letter topics, as the chart's kafka.topics.deadLetterRetentionMs. */
    static final String DEAD_LETTER_RETENTION_MS = Long.toString(java.time.Duration.ofDays(14).toMillis());

    private final Process process;
    private final String bootstrap;
    private final Map<String, String> clientProperties;

    private KafkaProcess(Process process, String bootstrap, Map<String, String> clientProperties) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.clientProperties = clientProperties;
    }

    static KafkaProcess start(Path dataDir, int port, Path logFile) {
        return start(dataDir, port, logFile, null);
    }

    /** A broker whose client listener is PLAINTEXT, or SASL_SSL with {@code security}. */
    static KafkaProcess start(Path dataDir, int port, Path logFile, KafkaSecurity security) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            Path logs = dataDir.resolve("log");
            Path props = dataDir.resolve("server.properties");
            int controllerPort = port + 1;
            List<String> listeners = security != null ? security.brokerProperties(port, controllerPort) : List.of(
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            List<String> lines = new ArrayList<>(List.of(
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "controller.listener.names=CONTROLLER"));
            lines.addAll(listeners);
            lines.addAll(List.of(
                    "log.dirs=" + logs,
                    "num.partitions=6",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true",
                    ""));
            Files.writeString(props, String.join("\n", lines));
            if (!Files.exists(logs.resolve("meta.properties"))) {
                Process format = java("kafka.tools.StorageTool", logFile,
                        "format", "--standalone", "-t", UUID.randomUUID().toString(), "-c", props.toString());
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new IllegalStateException("kafka storage format failed; see " + logFile);
                }
            }
            Process broker = java("kafka.Kafka", logFile, props.toString());
            KafkaProcess kafka = new KafkaProcess(broker, "127.0.0.1:" + port,
                    security != null ? security.clientProperties() : Map.of());
            kafka.awaitReady(Duration.ofSeconds(90));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A cluster of {@code size} combined broker+controller nodes (static quorum) on ports {@code basePort}
     * .. {@code basePort + 2 * size - 1} (each node a client and a controller port), internal topics
     * replicated to every node. The nodes are started together (the quorum needs a majority) and returned ready.
     */
    static List<KafkaProcess> cluster(Path dataDir, int basePort, int size, Path logDir) {
        try {
            String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
            List<String> voters = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                voters.add((i + 1) + "@127.0.0.1:" + (basePort + 2 * i + 1));
            }
            int isr = Math.max(1, size - 1);
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int port = basePort + 2 * i;
                Path dir = dataDir.resolve("node-" + (i + 1));
                Files.createDirectories(dir);
                Files.createDirectories(logDir);
                Path props = dir.resolve("server.properties");
                Files.writeString(props, String.join("\n",
                        "process.roles=broker,controller",
                        "node.id=" + (i + 1),
                        "controller.quorum.voters=" + String.join(",", voters),
                        "controller.listener.names=CONTROLLER",
                        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1),
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "log.dirs=" + dir.resolve("log"),
                        "num.partitions=6",
                        "offsets.topic.replication.factor=" + size,
                        "transaction.state.log.replication.factor=" + size,
                        "transaction.state.log.min.isr=" + isr,
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""));
                Path log = logDir.resolve("kafka-" + (i + 1) + ".log");
                Process format = java("kafka.tools.StorageTool", log, "format", "-t", clusterId, "-c", props.toString());
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new IllegalStateException("kafka storage format failed; see " + log);
                }
                processes.add(java("kafka.Kafka", log, props.toString()));
            }
            String bootstrap = java.util.stream.IntStream.range(0, size).mapToObj(i -> "127.0.0.1:" + (basePort + 2 * i))
                    .collect(java.util.stream.Collectors.joining(","));
            List<KafkaProcess> nodes = new ArrayList<>();
            for (Process p : processes) {
                nodes.add(new KafkaProcess(p, bootstrap, Map.of()));
            }
            for (KafkaProcess node : nodes) {
                node.awaitReady(Duration.ofSeconds(120));
            }
            nodes.get(0).awaitBrokers(size, Duration.ofSeconds(120));
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code count} brokers are registered with the quorum (a topic can then have that many replicas). */
    private void awaitBrokers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int registered = 0;
        while (System.nanoTime() < deadline) {
            try (AdminClient admin = admin()) {
                registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                if (registered >= count) {
                    return;
                }
            } catch (Exception e) {
                // not answering yet
            }
            try {
                Thread.sleep(200); // polling a separate process
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(registered + " of " + count + " brokers registered after " + timeout);
    }

    /** Ends the broker at once, as a machine's loss would (SIGKILL: nothing flushed, no leadership handed over). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process java(String mainClass, Path logFile, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + logbackConfig(),
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    }

    private static String logbackConfig() throws IOException {
        Path file = Files.createTempFile("kafka-logback", ".xml");
        file.toFile().deleteOnExit();
        Files.writeString(file, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return file.toString();
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka exited with " + process.exitValue());
            }
            try (AdminClient admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("kafka not ready after " + timeout, last);
    }

    AdminClient admin() {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.putAll(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "5000", "default.api.timeout.ms", "10000"));
        return AdminClient.create(config);
    }

    /** Creates every vnode topic and its dead-letter topic (partitions each; dead letters kept 14 days) if missing. */
    void createTopics(int partitions) {
        try (AdminClient admin = admin()) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> topics = new ArrayList<>();
            for (String t : Topics.ALL) {
                for (String name : List.of(t, Topics.dlq(t))) {
                    if (!existing.contains(name)) {
                        NewTopic topic = new NewTopic(name, partitions, (short) 1);
                        topics.add(name.equals(t) ? topic : topic.configs(Map.of("retention.ms", DEAD_LETTER_RETENTION_MS)));
                    }
                }
            }
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics", e);
        }
    }

    String bootstrap() {
        return bootstrap;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
