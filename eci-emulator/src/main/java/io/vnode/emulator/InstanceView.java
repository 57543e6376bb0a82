package io.vnode.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A snapshot of one instance (container group) as the emulator holds it. */
public record InstanceView(String id, String name, String status, String clientToken, Map<String, String> tags,
                           String spec, double cpu, double memory, String instanceType, String computeClass,
                           String zoneId, String vSwitchId, String intranetIp, Instant creationTime,
                           Instant succeededTime, Instant failedTime, Instant expiredTime,
                           List<ContainerView> containers) {

    public record ContainerView(String name, String image, String state, boolean ready, int restartCount,
                                Integer exitCode, Instant startedAt, Instant finishedAt) {
    }
}
