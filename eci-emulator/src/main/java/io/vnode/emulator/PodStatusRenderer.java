package io.vnode.emulator;

import static io.vnode.emulator.WireFormat.putPresent;
import static io.vnode.emulator.WireFormat.time;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.InstanceStatus;
import io.vnode.emulator.domain.IpAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Data item of DescribeContainerGroupStatus: the instance with a Kubernetes-shaped PodStatus
 * (Phase, PodIp, Conditions, ContainerStatuses). Pure; the caller holds the instance's monitor.
 */
final class PodStatusRenderer {

    private PodStatusRenderer() {
    }

    static Map<String, Object> status(Instance i) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ContainerGroupId", i.id);
        d.put("Name", i.name);
        d.put("Namespace", i.tag("k8s-namespace") != null ? i.tag("k8s-namespace") : "default");
        d.put("uuid", i.id);
        d.put("Annotations", "{}");
        d.put("Status", i.status().wire());
        d.put("Tags", WireFormat.tags(i));
        d.put("PodStatus", podStatus(i));
        return d;
    }

    static String phaseOf(InstanceStatus s) {
        return switch (s) {
            case SCHEDULING, PENDING -> "Pending";
            case RUNNING, TERMINATING -> "Running";
            case SUCCEEDED -> "Succeeded";
            default -> "Failed";
        };
    }

    private static Map<String, Object> podStatus(Instance i) {
        Map<String, Object> ps = new LinkedHashMap<>();
        InstanceStatus s = i.status();
        ps.put("Phase", phaseOf(s));
        boolean placed = s != InstanceStatus.SCHEDULING && s != InstanceStatus.SCHEDULE_FAILED;
        if (placed) {
            String ip = IpAllocator.format(i.ip);
            ps.put("PodIp", ip);
            ps.put("PodIps", List.of(Map.of("Ip", ip)));
            ps.put("HostIp", ip);
        }
        ps.put("QosClass", "Guaranteed");
        putPresent(ps, "StartTime", time(i.runningAt()));
        ps.put("Conditions", conditions(i, placed));
        ps.put("ContainerStatuses", containerStatuses(i));
        return ps;
    }

    private static List<Object> conditions(Instance i, boolean placed) {
        InstanceStatus s = i.status();
        String changed = time(i.statusChangedAt());
        boolean ready = s == InstanceStatus.RUNNING && i.containers.stream().allMatch(ContainerRuntime::ready);
        List<Object> conditions = new ArrayList<>();
        conditions.add(condition("PodScheduled", placed, s == InstanceStatus.SCHEDULE_FAILED ? "Unschedulable" : null,
                time(i.createdAt)));
        conditions.add(condition("ContainerInstanceCreated", placed, null, time(i.createdAt)));
        conditions.add(condition("Initialized", placed, null, changed));
        conditions.add(condition("ContainersReady", ready, null, changed));
        conditions.add(condition("Ready", ready, null, changed));
        return conditions;
    }

    private static Map<String, Object> condition(String type, boolean status, String reason, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", type);
        m.put("Status", status ? "True" : "False");
        putPresent(m, "Reason", reason);
        putPresent(m, "LastTransitionTime", at);
        return m;
    }

    private static List<Object> containerStatuses(Instance i) {
        List<Object> statuses = new ArrayList<>();
        for (ContainerRuntime c : i.containers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", c.name());
            m.put("Image", c.image());
            m.put("ContainerID", "containerd://" + i.id + "-" + c.name());
            m.put("Ready", c.ready());
            m.put("Started", c.state() == ContainerRuntime.State.RUNNING);
            m.put("RestartCount", c.restartCount());
            m.put("State", containerState(c.state(), c.reason(), c.startedAt(), c.finishedAt(), c.lastExitCode()));
            m.put("LastState", c.prevState() == null ? Map.of()
                    : containerState(c.prevState(), c.prevReason(), c.prevStartedAt(), c.prevFinishedAt(), c.prevExitCode()));
            statuses.add(m);
        }
        return statuses;
    }

    private static Map<String, Object> containerState(ContainerRuntime.State s, String reason, long started,
                                                      long finished, Integer exit) {
        Map<String, Object> inner = new LinkedHashMap<>();
        switch (s) {
            case WAITING -> {
                putPresent(inner, "Reason", reason);
                return Map.of("Waiting", inner);
            }
            case RUNNING -> {
                putPresent(inner, "StartedAt", time(started));
                return Map.of("Running", inner);
            }
            default -> {
                putPresent(inner, "ExitCode", exit);
                putPresent(inner, "Reason", reason);
                putPresent(inner, "StartedAt", time(started));
                putPresent(inner, "FinishedAt", time(finished));
                return Map.of("Terminated", inner);
            }
        }
    }
}
