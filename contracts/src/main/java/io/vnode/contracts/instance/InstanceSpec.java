package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One size the instance may have: either vCPU and memory ({@code name} "2-4Gi", {@code cpu} 2,
 * {@code memoryGiB} 4) or an ECS instance type ({@code name} = {@code instanceType} =
 * "ecs.gn5-c4g1.xlarge", cpu/memory null unless known). {@code gpu} is the GPU count when known.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceSpec(
        @JsonProperty(required = true) String name,
        Double cpu,
        Double memoryGiB,
        Integer gpu,
        String instanceType) {

    /** A vCPU-memory spec named as the annotations write it, e.g. {@code 2-4Gi}, {@code 0.5-1Gi}. */
    public static InstanceSpec ofCpuMemory(double cpu, double memoryGiB, Integer gpu) {
        return new InstanceSpec(format(cpu) + "-" + format(memoryGiB) + "Gi", cpu, memoryGiB, gpu, null);
    }

    /** An ECS instance type spec. */
    public static InstanceSpec ofInstanceType(String instanceType) {
        return new InstanceSpec(instanceType, null, null, null, instanceType);
    }

    public boolean hasInstanceType() {
        return instanceType != null;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : stripZeros(Double.toString(value));
    }

    private static String stripZeros(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
