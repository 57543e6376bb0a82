package io.vnode.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchFiguresTest {

    @Test
    void theAuditLogIsCountedOncePerRequestPerServiceFromTheBurstsStartOn(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("audit.log");
        String sa = KubeAudit.USER_PREFIX;
        Files.write(log, List.of(
                event("a1", sa + "status-reconciler", "create", "events", null, "2026-12-03T10:00:01Z", "ResponseComplete"),
                // a watch logs its start and its end: one request
                event("a2", sa + "node-agent", "watch", "pods", null, "2026-12-03T10:00:01Z", "ResponseStarted"),
                event("a2", sa + "node-agent", "watch", "pods", null, "2026-12-03T10:00:01Z", "ResponseComplete"),
                event("a3", sa + "status-reconciler", "patch", "pods", "status", "2026-12-03T10:00:02Z", "ResponseComplete"),
                event("a4", sa + "status-reconciler", "create", "events", null, "2026-12-03T10:00:03Z", "ResponseComplete"),
                // before the burst, and someone else's
                event("a5", sa + "cloud-executor", "get", "pods", null, "2026-12-03T09:59:00Z", "ResponseComplete"),
                event("a6", "system:kube-scheduler", "create", "pods", "binding", "2026-12-03T10:00:02Z", "ResponseComplete"),
                ""));

        Map<String, Map<String, Long>> requests = KubeAudit.requests(log, Instant.parse("2026-12-03T10:00:00Z").toEpochMilli());

        assertThat(requests).containsOnlyKeys("status-reconciler", "node-agent");
        assertThat(requests.get("status-reconciler")).containsExactlyInAnyOrderEntriesOf(Map.of("create events", 2L, "patch pods/status", 1L));
        assertThat(requests.get("node-agent")).containsExactlyEntriesOf(Map.of("watch pods", 1L));
        Map<String, Object> perPod = Benchmark.auditedPerPod(requests, 2);
        assertThat(perPod.get("total")).isEqualTo(2.0);
    }

    @Test
    void thisProcessHasUsedCpuAndMemory() {
        long self = ProcessHandle.current().pid();
        assertThat(ProcessFigures.cpuSeconds(self)).isPositive();
        assertThat(ProcessFigures.peakRssMib(self)).isGreaterThan(10);
        assertThat(ProcessFigures.cpuSeconds(Long.MAX_VALUE)).isZero();
    }

    private static String event(String id, String user, String verb, String resource, String subresource, String at, String stage) {
        return "{\"kind\":\"Event\",\"auditID\":\"" + id + "\",\"stage\":\"" + stage + "\",\"verb\":\"" + verb
                + "\",\"user\":{\"username\":\"" + user + "\"},\"objectRef\":{\"resource\":\"" + resource + "\""
                + (subresource == null ? "" : ",\"subresource\":\"" + subresource + "\"") + ",\"apiVersion\":\"v1\"},"
                + "\"requestReceivedTimestamp\":\"" + at + "\"}";
    }

    /** A recording of this JVM spinning in a method of this class: its samples are counted as this project's. */
    @Test
    void aFlightRecordingIsReadAsSharesByLibraryAndTopMethods(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("svc.jfr");
        Instant from;
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "500/s");
            recording.start();
            from = Instant.now();
            long deadline = System.nanoTime() + 1_500_000_000L;
            long sink = 0;
            while (System.nanoTime() < deadline) {
                sink += spin(sink) + allocate().length;
            }
            assertThat(sink).isNotZero();
            recording.stop();
            recording.dump(jfr);
        }

        Map<String, Object> profile = CpuProfile.of(jfr, from, Instant.now(), 5);
        Map<String, Object> none = CpuProfile.of(jfr, Instant.now().plusSeconds(60), Instant.now().plusSeconds(120), 5);

        assertThat((Long) profile.get("samples")).isGreaterThan(20);
        @SuppressWarnings("unchecked")
        Map<String, Double> byLibrary = (Map<String, Double>) profile.get("self_share_by_library");
        assertThat(byLibrary.keySet().iterator().next()).isEqualTo("this project");
        assertThat(byLibrary.values().stream().mapToDouble(Double::doubleValue).sum()).isBetween(99.0, 101.0);
        @SuppressWarnings("unchecked")
        Map<String, Double> top = (Map<String, Double>) profile.get("top_methods");
        assertThat(top).containsKey(BenchFiguresTest.class.getName() + ".spin");
        assertThat(none.get("samples")).as("outside the window").isEqualTo(0L);
        // the byte arrays allocated in this class: bytes in the window, by the library that allocated, by type
        assertThat((Long) profile.get("allocated_mib")).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Double> allocatedBy = (Map<String, Double>) profile.get("allocation_share_by_calling_library");
        assertThat(allocatedBy.keySet().iterator().next()).isEqualTo("this project");
        @SuppressWarnings("unchecked")
        Map<String, Double> types = (Map<String, Double>) profile.get("top_allocated_types");
        assertThat(types.keySet().iterator().next()).isEqualTo("[B");
        assertThat(none.get("allocated_mib")).isEqualTo(0L);
        assertThat(CpuProfile.group("org.apache.kafka.clients.producer.KafkaProducer")).isEqualTo("Kafka client");
        assertThat(CpuProfile.group("java.util.HashMap")).isEqualTo("JDK other");
        assertThat(CpuProfile.group("org.example.Thing")).isEqualTo("other");
    }

    /** Kept so that the allocation is not optimized away. */
    private static volatile byte[] allocated;

    private static byte[] allocate() {
        allocated = new byte[256 * 1024];
        return allocated;
    }

    private static long spin(long seed) {
        long x = seed | 1;
        for (int i = 0; i < 100_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x & 0xff;
    }
}
