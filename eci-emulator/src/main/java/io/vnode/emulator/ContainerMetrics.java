package io.vnode.emulator;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * DescribeMultiContainerGroupMetric: the CPU and memory each running container uses now, and the instance's
 * sums, one record per instance (ids unknown or not running give no data). A container uses a quarter of its
 * vCPU share and 40% of its memory share unless {@link #setUsage} says otherwise; its cumulative CPU time is
 * that rate over the time it has run. Thread-safe.
 */
final class ContainerMetrics {

    /** The most ids one call takes. */
    static final int MAX_IDS = 100;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final InstanceStore store;
    private final Clock clock;
    private final JsonMapper json;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    /** A container's use: cores (0.25 = 250m) and working set bytes. */
    record Usage(double cores, long workingSetBytes) {
    }

    ContainerMetrics(InstanceStore store, Clock clock, JsonMapper json) {
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    void setUsage(String instanceId, String container, double cores, long workingSetBytes) {
        usage.put(instanceId + "/" + container, new Usage(cores, workingSetBytes));
    }

    void reset() {
        usage.clear();
    }

    Map<String, Object> describeMulti(Params p) {
        String idsJson = p.get("ContainerGroupIds");
        if (idsJson == null) {
            throw ApiException.missing("ContainerGroupIds");
        }
        String[] ids;
        try {
            ids = json.readValue(idsJson, String[].class);
        } catch (JacksonException e) {
            throw ApiException.invalid("ContainerGroupIds", "Expected a JSON array of container group ids.");
        }
        if (ids.length > MAX_IDS) {
            throw ApiException.invalid("ContainerGroupIds", "At most " + MAX_IDS + " ids per call.");
        }
        long now = clock.millis();
        List<Map<String, Object>> data = new ArrayList<>();
        for (String id : ids) {
            Instance i = store.live(id);
            if (i == null) {
                continue;
            }
            synchronized (i) {
                data.add(Map.of("ContainerGroupId", i.id, "Records", List.of(record(i, now))));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("MonitorDatas", data);
        return out;
    }

    private Map<String, Object> record(Instance i, long now) {
        double podNanoCores = 0;
        double podCoreNanoSeconds = 0;
        long podWorkingSet = 0;
        List<Map<String, Object>> containers = new ArrayList<>();
        double share = 1.0 / Math.max(1, i.containers.size());
        for (ContainerRuntime c : i.containers) {
            if (c.state() != ContainerRuntime.State.RUNNING) {
                continue;
            }
            double cpuShare = c.cpu() > 0 ? c.cpu() : i.spec.cpu() * share;
            double memoryShare = c.memory() > 0 ? c.memory() : i.spec.memory() * share;
            Usage u = usage.getOrDefault(i.id + "/" + c.name(), new Usage(cpuShare * 0.25, (long) (memoryShare * GIB * 0.4)));
            double seconds = Math.max(0, now - c.startedAt()) / 1000.0;
            long nanoCores = Math.round(u.cores() * 1e9);
            long coreNanoSeconds = Math.round(u.cores() * seconds * 1e9);
            podNanoCores += nanoCores;
            podCoreNanoSeconds += coreNanoSeconds;
            podWorkingSet += u.workingSetBytes();
            containers.add(Map.of("Name", c.name(),
                    "CPU", Map.of("UsageNanoCores", nanoCores, "UsageCoreNanoSeconds", coreNanoSeconds,
                            "Limit", Math.round(cpuShare * 1000), "Load", Math.round(100 * u.cores() / cpuShare)),
                    "Memory", memory(u.workingSetBytes(), (long) (memoryShare * GIB))));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Timestamp", Instant.ofEpochMilli(now).toString());
        r.put("CPU", Map.of("UsageNanoCores", Math.round(podNanoCores), "UsageCoreNanoSeconds", Math.round(podCoreNanoSeconds),
                "Limit", Math.round(i.spec.cpu() * 1000), "Load", Math.round(100 * podNanoCores / 1e9 / i.spec.cpu())));
        r.put("Memory", memory(podWorkingSet, (long) (i.spec.memory() * GIB)));
        r.put("Network", Map.of("Interfaces", List.of(Map.of("Name", "eth0", "RxBytes", 0, "TxBytes", 0, "RxErrors", 0,
                "TxErrors", 0))));
        r.put("Containers", containers);
        return r;
    }

    private static Map<String, Object> memory(long workingSet, long limit) {
        return Map.of("WorkingSet", workingSet, "UsageBytes", workingSet, "Rss", workingSet, "Cache", 0,
                "AvailableBytes", Math.max(0, limit - workingSet));
    }
}
