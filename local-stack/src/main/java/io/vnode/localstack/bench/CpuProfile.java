package io.vnode.localstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's CPU went, from its Flight Recorder file (settings "profile": a Java stack sampled
 * every 10-20 ms per running thread): the share of samples by library, once by the code at the top of
 * the stack and once by the library that called into the JDK there (a sample in the JDK's String or
 * HashMap code counts for the library that asked; TLS and crypto stay TLS), and the methods most often on
 * top. JIT compiling and GC run outside Java stacks and are not in these samples (they are in the CPU
 * seconds read from /proc). The same recording's allocation samples (each weighted by the bytes it stands
 * for) give the bytes allocated in the window, their share by the library that allocated and the types.
 */
final class CpuProfile {

    /** Package prefixes and the library they are counted as; the first that matches. */
    static final List<Map.Entry<String, String>> GROUPS = List.of(
            Map.entry("io.vnode.", "this project"),
            Map.entry("org.apache.kafka.", "Kafka client"),
            Map.entry("io.fabric8.", "fabric8 client"),
            Map.entry("io.vertx.", "Vert.x (fabric8 HTTP)"),
            Map.entry("io.netty.", "Netty"),
            Map.entry("com.fasterxml.jackson.", "Jackson 2"),
            Map.entry("tools.jackson.", "Jackson 3"),
            Map.entry("org.springframework.", "Spring"),
            Map.entry("reactor.", "Reactor"),
            Map.entry("io.micrometer.", "Micrometer"),
            Map.entry("ch.qos.logback.", "logging"),
            Map.entry("org.slf4j.", "logging"),
            Map.entry("com.aliyuncs.", "Aliyun SDK"),
            Map.entry("com.google.gson.", "Gson (Aliyun SDK)"),
            Map.entry("okhttp3.", "OkHttp (Aliyun SDK)"),
            Map.entry("okio.", "OkHttp (Aliyun SDK)"),
            Map.entry("org.apache.http.", "Apache HttpClient"),
            Map.entry("org.apache.hc.", "Apache HttpClient"),
            Map.entry("sun.security.", "JDK TLS and crypto"),
            Map.entry("javax.crypto.", "JDK TLS and crypto"),
            Map.entry("com.sun.crypto.", "JDK TLS and crypto"),
            Map.entry("java.util.zip.", "JDK compression"),
            Map.entry("sun.nio.", "JDK I/O"),
            Map.entry("java.nio.", "JDK I/O"),
            Map.entry("java.", "JDK other"),
            Map.entry("jdk.", "JDK other"),
            Map.entry("sun.", "JDK other"));

    private CpuProfile() {
    }

    /** The profile of one recording between {@code from} and {@code to}: samples, share by library, the top methods. */
    static Map<String, Object> of(Path jfr, java.time.Instant from, java.time.Instant to, int topMethods) throws IOException {
        Map<String, Long> byGroup = new HashMap<>();
        Map<String, Long> byCaller = new HashMap<>();
        Map<String, Long> byMethod = new HashMap<>();
        Map<String, Long> allocatedByCaller = new HashMap<>();
        Map<String, Long> allocatedByType = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String event = e.getEventType().getName();
                boolean execution = "jdk.ExecutionSample".equals(event);
                boolean allocation = "jdk.ObjectAllocationSample".equals(event);
                if (!(execution || allocation) || e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                if (allocation) {
                    long weight = e.getLong("weight");
                    allocated += weight;
                    allocatedByCaller.merge(caller(stack.getFrames()), weight, Long::sum);
                    allocatedByType.merge(e.getClass("objectClass").getName(), weight, Long::sum);
                    continue;
                }
                RecordedFrame top = stack.getFrames().get(0);
                String type = top.getMethod().getType().getName();
                samples++;
                byGroup.merge(group(type), 1L, Long::sum);
                byCaller.merge(caller(stack.getFrames()), 1L, Long::sum);
                byMethod.merge(type + "." + top.getMethod().getName(), 1L, Long::sum);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("self_share_by_library", shares(byGroup, samples, byGroup.size()));
        m.put("share_by_calling_library", shares(byCaller, samples, byCaller.size()));
        m.put("top_methods", shares(byMethod, samples, topMethods));
        m.put("allocated_mib", allocated / (1024 * 1024));
        m.put("allocation_share_by_calling_library", shares(allocatedByCaller, allocated, allocatedByCaller.size()));
        m.put("top_allocated_types", shares(allocatedByType, allocated, topMethods));
        return m;
    }

    /** Profiles of every {@code <service>.jfr} in {@code dir} between {@code from} and {@code to}, by service. */
    static Map<String, Object> all(Path dir, java.time.Instant from, java.time.Instant to, int topMethods) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return m;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jfr")).sorted().toList()) {
                m.put(f.getFileName().toString().replaceAll("\\.jfr$", ""), of(f, from, to, topMethods));
            }
        }
        return m;
    }

    /** The library of the first frame outside the JDK, from the top; TLS and crypto on top stay theirs. */
    static String caller(List<RecordedFrame> frames) {
        String top = group(frames.get(0).getMethod().getType().getName());
        if (top.equals("JDK TLS and crypto")) {
            return top;
        }
        for (RecordedFrame f : frames) {
            String g = group(f.getMethod().getType().getName());
            if (!g.startsWith("JDK")) {
                return g;
            }
        }
        return top;
    }

    /** Re-reads recordings: {@code CpuProfile <dir with .jfr files> <from> <to>} (ISO-8601 instants). */
    public static void main(String[] args) throws IOException {
        System.out.println(all(Path.of(args[0]), java.time.Instant.parse(args[1]), java.time.Instant.parse(args[2]), 15));
    }

    static String group(String type) {
        for (Map.Entry<String, String> g : GROUPS) {
            if (type.startsWith(g.getKey())) {
                return g.getValue();
            }
        }
        return "other";
    }

    private static Map<String, Double> shares(Map<String, Long> counts, long total, int limit) {
        Map<String, Double> m = new LinkedHashMap<>();
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(limit)
                .forEach(e -> m.put(e.getKey(), Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0));
        return m;
    }
}
