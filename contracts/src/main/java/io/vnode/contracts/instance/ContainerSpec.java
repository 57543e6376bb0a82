package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One container (or init container) of the instance. cpu/memoryGiB/gpu are the per-container resources (null: not set). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerSpec(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String image,
        List<String> command,
        List<String> args,
        String workingDir,
        List<EnvVar> env,
        List<EnvFromSource> envFrom,
        List<ContainerPort> ports,
        Double cpu,
        Double memoryGiB,
        Integer gpu,
        List<VolumeMount> volumeMounts,
        Probe livenessProbe,
        Probe readinessProbe,
        SecurityContext securityContext,
        String imagePullPolicy,
        LifecycleHandler postStart,
        LifecycleHandler preStop,
        boolean stdin,
        boolean stdinOnce,
        boolean tty,
        String terminationMessagePath,
        String terminationMessagePolicy) {
}
