package io.vnode.executor.domain;

import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.CloudEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.ContainerStatus;
import io.vnode.contracts.instance.InstanceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One container group as DescribeContainerGroups reports it (the fields the executor uses). */
public record CloudInstance(
        String id,
        String name,
        String regionId,
        String zoneId,
        String status,
        Double cpu,
        Double memoryGiB,
        String instanceType,
        String intranetIp,
        String ipv6Address,
        Map<String, String> tags,
        List<ContainerStatus> containers,
        List<ContainerStatus> initContainers,
        List<CloudEvent> events,
        Instant creationTime,
        Instant succeededTime,
        Instant failedTime,
        Instant expiredTime) {

    public CloudInstance {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        containers = containers == null ? List.of() : List.copyOf(containers);
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The pod the instance runs, from its tags (empty if the tags are incomplete: not ours to act on). */
    public Optional<PodRef> pod() {
        String ns = tags.get(Keys.TAG_POD_NAMESPACE);
        String name = tags.get(Keys.TAG_POD_NAME);
        String uid = tags.get(Keys.TAG_POD_UID);
        if (isBlank(ns) || isBlank(name) || isBlank(uid)) {
            return Optional.empty();
        }
        return Optional.of(new PodRef(ns, name, uid));
    }

    public String podUid() {
        return tags.get(Keys.TAG_POD_UID);
    }

    public String virtualNode() {
        return tags.getOrDefault(Keys.TAG_VIRTUAL_NODE, "");
    }

    public ComputeType computeType() {
        return id != null && id.startsWith("acs-") ? ComputeType.ACS : ComputeType.ECI;
    }

    /** The size the instance runs with: its ECS type when it has one, else vCPU-memory. */
    public InstanceSpec spec() {
        if (instanceType != null && !instanceType.isBlank()) {
            return new InstanceSpec(instanceType, cpu, memoryGiB, null, instanceType);
        }
        if (cpu != null && memoryGiB != null) {
            return InstanceSpec.ofCpuMemory(cpu, memoryGiB, null);
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
