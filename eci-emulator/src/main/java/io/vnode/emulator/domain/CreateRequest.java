package io.vnode.emulator.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated CreateContainerGroup request.
 *
 * @param candidates specs in priority order (InstanceType list, or the one vCPU/memory spec)
 * @param placements (vSwitchId or null, zone) in priority order
 * @param volumes    the volumes in {@code Volume.N} order
 * @param configFiles the config file volumes' files: "volume/path" -> base64 content
 */
public record CreateRequest(String name, String clientToken, String restartPolicy, String spotStrategy,
                            String computeClass, String computeQos, String gpuModelSeries,
                            List<Candidate> candidates, List<Placement> placements,
                            List<ContainerSpec> containers, List<ContainerSpec> initContainers,
                            List<Instance.Tag> tags, List<Instance.Volume> volumes, Map<String, String> configFiles) {

    /** A spec to try: its size, the ECS instance type if one was named, and the key marked out of stock. */
    public record Candidate(Spec spec, String instanceType) {
        public String stockKey() {
            return instanceType != null ? instanceType : spec.key();
        }
    }

    /** Where to try. */
    public record Placement(String vSwitchId, String zoneId) {
    }

    /** One container as requested. */
    /** One container; {@code command} and {@code args} are the entrypoint and its arguments (empty: the image's). */
    public record ContainerSpec(String name, String image, double cpu, double memory, int gpu,
                                List<String> command, List<String> args) {
    }

    /** The cloud disks the request attaches, in volume order. */
    public List<String> diskIds() {
        return volumes.stream().map(Instance.Volume::diskId).filter(Objects::nonNull).toList();
    }

    public boolean isAcs() {
        return computeClass != null;
    }
}
