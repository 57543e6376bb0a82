package io.vnode.emulator;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeContainerLog: the lines of the container's image behaviour, printed evenly over its run (one a
 * second for a container that runs forever), then cut by SinceSeconds/StartTime, Tail and LimitBytes.
 * Thread-safe.
 */
final class ContainerLogs {

    private final InstanceStore store;
    private final Clock clock;

    ContainerLogs(InstanceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Map<String, Object> describe(Params p) {
        Instance i = store.named(p);
        String name = p.get("ContainerName");
        long now = clock.millis();
        synchronized (i) {
            ContainerRuntime c = container(i, name);
            long since = sinceMillis(p, now);
            List<String> lines = printed(c, now, since, Boolean.parseBoolean(p.get("Timestamps")));
            if (p.get("Tail") != null) {
                int tail = p.getInt("Tail", 0, Integer.MAX_VALUE);
                lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ContainerName", c.name());
            out.put("Content", content(lines, p));
            return out;
        }
    }

    /** The named container, or the first one when the request names none. */
    private static ContainerRuntime container(Instance i, String name) {
        if (name == null) {
            return i.containers.get(0);
        }
        return i.containers.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.invalid("ContainerName", "No container " + name + " in " + i.id + "."));
    }

    /** The later of now - SinceSeconds and StartTime; Long.MIN_VALUE when neither is given. */
    private static long sinceMillis(Params p, long now) {
        long since = Long.MIN_VALUE;
        if (p.get("SinceSeconds") != null) {
            since = now - 1000L * p.getInt("SinceSeconds", 0, Integer.MAX_VALUE);
        }
        if (p.get("StartTime") != null) {
            try {
                since = Math.max(since, Instant.parse(p.get("StartTime")).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("StartTime", "Expected RFC 3339 UTC.");
            }
        }
        return since;
    }

    /** The lines printed from {@code since} up to now (or the container's end); none before it started. */
    private static List<String> printed(ContainerRuntime c, long now, long since, boolean timestamps) {
        List<String> lines = new ArrayList<>();
        if (c.startedAt() <= 0) {
            return lines;
        }
        List<String> all = c.logLines().isEmpty() ? List.of("Started " + c.image()) : c.logLines();
        long end = c.state() == ContainerRuntime.State.TERMINATED ? c.finishedAt() : now;
        int n = all.size();
        for (int k = 0; k < n; k++) {
            long at = c.runsForever() ? c.startedAt() + 1000L * k : c.startedAt() + c.runForMillis() * (k + 1) / (n + 1);
            if (at <= end && at >= since) {
                lines.add(timestamps ? Instant.ofEpochMilli(at) + " " + all.get(k) : all.get(k));
            }
        }
        return lines;
    }

    /** The lines, each ending in a newline, cut to LimitBytes bytes of UTF-8. */
    private static String content(List<String> lines, Params p) {
        String content = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        if (p.get("LimitBytes") != null) {
            int limitBytes = p.getInt("LimitBytes", 1, Integer.MAX_VALUE);
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            if (b.length > limitBytes) {
                content = new String(b, 0, limitBytes, StandardCharsets.UTF_8);
            }
        }
        return content;
    }
}
