package io.vnode.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A snapshot of one instance (container group) as the emulator holds it. */
public record InstanceView(String id, String name, String status, String clientToken, Map<String, String> tags,
                           String spec, double cpu, double memory, String instanceType, String computeClass,
                           String zoneId, String vSwitchId, String intranetIp, Instant creationTime,
                           Instant succeededTime, Instant failedTime, Instant expiredTime,
                           List<ContainerView> containers, List<VolumeView> volumes) {

    public record ContainerView(String name, String image, String state, boolean ready, int restartCount,
                                Integer exitCode, Instant startedAt, Instant finishedAt) {
    }

    /**
     * A volume as created: {@code type} is its {@code Volume.N.Type}, {@code fields} that type's parameters by
     * suffix ({@code "NFSVolume.Server" -> "nas.example.com"}, {@code "DiskVolume.DiskId" -> "d-123"}) in the API
     * reference's order; a config file's content is left out ({@link EmulatorAdmin#configFile} returns it).
     */
    public record VolumeView(String name, String type, Map<String, String> fields) {
    }
}
