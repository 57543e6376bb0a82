package io.vnode.emulator;

import static io.vnode.emulator.WireFormat.putPresent;
import static io.vnode.emulator.WireFormat.time;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.EventKind;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.InstanceEvent;
import io.vnode.emulator.domain.IpAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ContainerGroup object of DescribeContainerGroups and the Event objects of it and of
 * DescribeContainerGroupEvents. Pure; the caller holds the instance's monitor.
 */
final class ContainerGroupRenderer {

    private ContainerGroupRenderer() {
    }

    static Map<String, Object> group(Instance i) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("ContainerGroupId", i.id);
        g.put("ContainerGroupName", i.name);
        g.put("RegionId", i.regionId);
        g.put("ZoneId", i.zoneId);
        g.put("VSwitchId", i.vSwitchId);
        g.put("SecurityGroupId", "sg-emulator");
        g.put("VpcId", "vpc-emulator");
        g.put("Status", i.status().wire());
        g.put("Cpu", (float) i.spec.cpu());
        g.put("Memory", (float) i.spec.memory());
        putPresent(g, "InstanceType", i.instanceType);
        putPresent(g, "ComputeClass", i.computeClass);
        putPresent(g, "ComputeQos", i.computeQos);
        g.put("IntranetIp", IpAllocator.format(i.ip));
        g.put("RestartPolicy", i.restartPolicy);
        g.put("SpotStrategy", i.spotStrategy);
        g.put("EphemeralStorage", 30);
        g.put("CreationTime", time(i.createdAt));
        putPresent(g, "SucceededTime", time(i.succeededAt()));
        putPresent(g, "FailedTime", time(i.failedAt()));
        putPresent(g, "ExpiredTime", time(i.expiredAt()));
        g.put("Tags", WireFormat.tags(i));
        g.put("Events", events(i, Long.MIN_VALUE));
        g.put("Containers", containers(i));
        g.put("InitContainers", List.of());
        g.put("Volumes", volumes(i));
        return g;
    }

    /**
     * Each volume with its fields named as the response names them, the suffix without its dot
     * ({@code NFSVolume.Server} is {@code NFSVolumeServer}); a config file volume's files as
     * {@code ConfigFileVolumeConfigFileToPaths} [{Path, Content, Mode}].
     */
    private static List<Object> volumes(Instance i) {
        List<Object> volumes = new ArrayList<>();
        for (Instance.Volume v : i.volumes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", v.type());
            m.put("Name", v.name());
            Map<String, Map<String, Object>> files = new LinkedHashMap<>();
            v.fields().forEach((key, value) -> {
                String[] parts = key.split("\\.");
                if (parts.length == 2) {
                    m.put(parts[0] + parts[1], typed(parts[1], value));
                } else if (parts.length == 4) { // ConfigFileVolume.ConfigFileToPath.N.Path|Mode
                    files.computeIfAbsent(parts[2], n -> new LinkedHashMap<>()).put(parts[3], typed(parts[3], value));
                }
            });
            if (!files.isEmpty()) {
                files.values().forEach(f -> putPresent(f, "Content", i.configFiles().get(v.name() + "/" + f.get("Path"))));
                m.put("ConfigFileVolumeConfigFileToPaths", List.copyOf(files.values()));
            }
            volumes.add(m);
        }
        return volumes;
    }

    /** ReadOnly is a boolean, sizes and modes are integers (as sent if they are none), the rest text. */
    private static Object typed(String field, String value) {
        if (field.equals("ReadOnly")) {
            return Boolean.parseBoolean(value);
        }
        if (field.equals("DiskSize") || field.endsWith("Mode")) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    private static List<Object> containers(Instance i) {
        List<Object> containers = new ArrayList<>();
        for (ContainerRuntime c : i.containers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", c.name());
            m.put("Image", c.image());
            m.put("Cpu", (float) c.cpu());
            m.put("Memory", (float) c.memory());
            m.put("Gpu", c.gpu());
            m.put("Ready", c.ready());
            m.put("RestartCount", c.restartCount());
            m.put("CurrentState", containerState(c.state(), c.reason(), c.startedAt(), c.finishedAt(), c.lastExitCode()));
            if (c.prevState() != null) {
                m.put("PreviousState", containerState(c.prevState(), c.prevReason(), c.prevStartedAt(), c.prevFinishedAt(),
                        c.prevExitCode()));
            }
            containers.add(m);
        }
        return containers;
    }

    private static Map<String, Object> containerState(ContainerRuntime.State s, String reason, long started, long finished,
                                                      Integer exit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("State", switch (s) {
            case WAITING -> "Waiting";
            case RUNNING -> "Running";
            case TERMINATED -> "Terminated";
        });
        putPresent(m, "Reason", reason);
        putPresent(m, "DetailStatus", reason);
        putPresent(m, "ExitCode", exit);
        putPresent(m, "StartTime", time(started));
        putPresent(m, "FinishTime", time(finished));
        return m;
    }

    /** The instance's events last seen at or after {@code since}, oldest first. */
    static List<Object> events(Instance i, long since) {
        List<Object> out = new ArrayList<>();
        for (InstanceEvent e : i.events()) {
            if (e.lastMillis() < since) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Count", e.count());
            m.put("Type", e.kind().type());
            m.put("Name", i.id + "." + Long.toHexString(e.firstMillis()) + Integer.toHexString(e.seq()));
            m.put("Reason", e.kind().reason());
            m.put("Message", message(i, e));
            m.put("FirstTimestamp", time(e.firstMillis()));
            m.put("LastTimestamp", time(e.lastMillis()));
            out.add(m);
        }
        return out;
    }

    /** An instance event names the instance (or its stock key) and zone; a container event its image or name. */
    private static String message(Instance i, InstanceEvent e) {
        if (e.container() < 0) {
            return e.kind().message(e.kind() == EventKind.NO_STOCK ? i.stockKey : i.id, i.zoneId);
        }
        ContainerRuntime c = i.containers.get(e.container());
        boolean aboutImage = e.kind() == EventKind.PULLING || e.kind() == EventKind.PULLED;
        return e.kind().message(aboutImage ? c.image() : c.name(), null);
    }
}
