package io.vnode.testsupport;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.VnodeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (in-process KRaft, Kafka 4) shared by every test of one JVM: started on first
 * use, stopped when the JVM exits. Tests isolate themselves with {@link #uniqueTopic(String)} names
 * rather than restarting the broker.
 */
public final class KafkaBroker {

    private static final AtomicInteger TOPIC_SEQ = new AtomicInteger();
    private static volatile EmbeddedKafkaKraftBroker broker;

    private KafkaBroker() {
    }

    /** Starts the broker if needed; returns its bootstrap servers ("127.0.0.1:port"). */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 1);
            b.brokerProperty("auto.create.topics.enable", "true");
            b.brokerProperty("num.partitions", "3");
            b.brokerProperty("group.initial.rebalance.delay.ms", "0");
            b.brokerProperty("transaction.state.log.replication.factor", "1");
            b.brokerProperty("transaction.state.log.min.isr", "1");
            b.afterPropertiesSet();
            broker = b;
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "kafka-broker-stop"));
        }
        return broker.getBrokersAsString();
    }

    /** A topic name no other test of this JVM uses, e.g. {@code vnode.pod.lifecycle.v1-7}. */
    public static String uniqueTopic(String base) {
        return base + "-" + TOPIC_SEQ.incrementAndGet();
    }

    /** Creates topics (3 partitions each) and waits until they exist. */
    public static void createTopics(String... topics) {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                newTopics.add(new NewTopic(t, 3, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics", e.getCause());
            }
        }
    }

    /** An idempotent producer (acks=all) of raw records. */
    public static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes an event as the services do: key = pod uid, type and traceparent headers. Waits for the ack. */
    public static void publish(String topic, VnodeEvent event) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, topic, event);
        }
    }

    public static void send(KafkaProducer<String, byte[]> producer, String topic, VnodeEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.pod().uid(), EventCodec.encode(event));
        record.headers().add(Headers.EVENT_TYPE, EventCodec.typeOf(event).getBytes(StandardCharsets.UTF_8));
        if (event.traceparent() != null) {
            record.headers().add(Headers.TRACEPARENT, event.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e.getCause());
        }
    }

    /** Publishes raw bytes (e.g. a poison record) with a key. */
    public static void publishRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed", e.getCause());
        }
    }

    /** A consumer in a fresh group reading from the earliest offset. */
    public static KafkaConsumer<String, byte[]> consumer(String... topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    /**
     * Reads the topic from the beginning until {@code done} holds for the records read so far, or
     * the timeout passes (then fails with what was read). Returns every record read.
     */
    public static List<ConsumerRecord<String, byte[]>> readUntil(
            String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + timeout + " on " + topic + "; read "
                            + records.size() + " records: " + describe(records));
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String describe(List<ConsumerRecord<String, byte[]>> records) {
        StringBuilder sb = new StringBuilder();
        for (ConsumerRecord<String, byte[]> r : records) {
            String v = r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8);
            sb.append("\n  ").append(r.key()).append(" -> ").append(v.length() > 300 ? v.substring(0, 300) + "..." : v);
        }
        return sb.toString();
    }
}
