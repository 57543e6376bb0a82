package io.vnode.reconciler.adapter.kafka;

import io.vnode.contracts.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays dead letters: reads {@code <topic>.dlq} from an offset or a time up to the end it has when
 * the command starts, and publishes each record again to the topic it came from
 * ({@code vnode-dlq-original-topic}) with its key, value and headers, minus the {@code vnode-dlq-*}
 * headers. A record that fails again lands on the dead-letter topic again, after the end this run
 * reads to, so a replay never loops. The consumers are idempotent, so replaying a record twice is
 * harmless. Prints counts only, never a record's content. See the README, "Dead letters".
 *
 * <pre>
 * DeadLetterReplay --bootstrap-servers HOST:PORT --dlq vnode.instance.commands.v1.dlq
 *     [--from-offset N | --from-offset PARTITION:N,...] [--from-time 2026-12-02T10:00:00Z]
 *     [--key POD_UID] [--dry-run] [--command-config client.properties]
 * </pre>
 */
public final class DeadLetterReplay {

    /**
     * @param fromOffsets the first offset per partition; a partition absent here starts at {@code fromOffset}
     * @param fromOffset the first offset of partitions without their own (-1: from the beginning)
     * @param fromTime the first record time (null: by offset)
     * @param key only records of this key (pod uid); null: all
     */
    public record Options(String bootstrapServers, String dlq, long fromOffset, Map<Integer, Long> fromOffsets,
                          Instant fromTime, String key, boolean dryRun, Properties client) {
    }

    /** What a run did: records republished per original topic, and those skipped (no original topic header). */
    public record Result(Map<String, Integer> replayed, int skipped, int read) {
        public int total() {
            return replayed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private DeadLetterReplay() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses {@code args}, replays, prints the counts; returns the exit code (0 done, 2 bad arguments, 1 failed). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("usage: DeadLetterReplay --bootstrap-servers HOST:PORT --dlq TOPIC.dlq [--from-offset N | "
                    + "--from-offset P:N,...] [--from-time RFC3339] [--key POD_UID] [--dry-run] [--command-config FILE]");
            return 2;
        }
        try {
            Result r = replay(options);
            out.printf("%s %d of %d records read from %s%s; skipped (no %s header): %d%n",
                    options.dryRun() ? "would replay" : "replayed", r.total(), r.read(), options.dlq(),
                    r.replayed().isEmpty() ? "" : " to " + r.replayed(), Headers.DLQ_ORIGINAL_TOPIC, r.skipped());
            return 0;
        } catch (RuntimeException e) {
            err.println("replay failed: " + e);
            return 1;
        }
    }

    static Options parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--dry-run".equals(arg)) {
                dryRun = true;
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                a.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
        }
        String bootstrap = a.remove("bootstrap-servers");
        String dlq = a.remove("dlq");
        if (bootstrap == null || dlq == null) {
            throw new IllegalArgumentException("--bootstrap-servers and --dlq are required");
        }
        if (!dlq.endsWith(".dlq")) {
            throw new IllegalArgumentException("--dlq names a dead-letter topic (<topic>.dlq), not " + dlq);
        }
        long fromOffset = -1;
        Map<Integer, Long> fromOffsets = new TreeMap<>();
        String offsets = a.remove("from-offset");
        if (offsets != null) {
            for (String part : offsets.split(",")) {
                String[] pn = part.trim().split(":");
                if (pn.length == 2) {
                    fromOffsets.put(Integer.parseInt(pn[0]), Long.parseLong(pn[1]));
                } else {
                    fromOffset = Long.parseLong(pn[0]);
                }
            }
        }
        String time = a.remove("from-time");
        Instant fromTime = time == null ? null : Instant.parse(time);
        String key = a.remove("key");
        Properties client = new Properties();
        String config = a.remove("command-config");
        if (config != null) {
            try (InputStream in = Files.newInputStream(Path.of(config))) {
                client.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage());
            }
        }
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + a.keySet());
        }
        return new Options(bootstrap, dlq, fromOffset, fromOffsets, fromTime, key, dryRun, client);
    }

    public static Result replay(Options o) {
        Map<String, Integer> replayed = new TreeMap<>();
        int skipped = 0;
        int read = 0;
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(o), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(o), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(o.dlq(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(o.dlq(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("no topic " + o.dlq());
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            seek(consumer, partitions, o);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    read++;
                    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    if (o.key() != null && !o.key().equals(key)) {
                        continue;
                    }
                    Header original = r.headers().lastHeader(Headers.DLQ_ORIGINAL_TOPIC);
                    if (original == null) {
                        skipped++;
                        continue;
                    }
                    String topic = new String(original.value(), StandardCharsets.UTF_8);
                    replayed.merge(topic, 1, Integer::sum);
                    if (!o.dryRun()) {
                        ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(topic, null, r.key(), r.value());
                        for (Header h : r.headers()) {
                            if (!h.key().startsWith("vnode-dlq-")) {
                                again.headers().add(h.key(), h.value());
                            }
                        }
                        sends.add(producer.send(again));
                    }
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : sends) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a record was not acknowledged: " + e.getCause(), e.getCause());
        }
        return new Result(replayed, skipped, read);
    }

    private static void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Options o) {
        consumer.seekToBeginning(partitions);
        if (o.fromTime() != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, o.fromTime().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp t = at.get(p);
                consumer.seek(p, t == null ? end.get(p) : t.offset());
            }
        }
        for (TopicPartition p : partitions) {
            long offset = o.fromOffsets().getOrDefault(p.partition(), o.fromOffset());
            if (offset >= 0) {
                consumer.seek(p, Math.max(offset, consumer.position(p)));
            }
        }
    }

    private static Map<String, Object> consumerConfig(Options o) {
        Map<String, Object> c = client(o);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    private static Map<String, Object> producerConfig(Options o) {
        Map<String, Object> c = client(o);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return c;
    }

    /** The client settings of {@code --command-config} (TLS, SASL, ...) and the bootstrap servers. */
    private static Map<String, Object> client(Options o) {
        Map<String, Object> c = new HashMap<>();
        o.client().forEach((k, v) -> c.put(String.valueOf(k), v));
        c.put("bootstrap.servers", o.bootstrapServers());
        return c;
    }
}
