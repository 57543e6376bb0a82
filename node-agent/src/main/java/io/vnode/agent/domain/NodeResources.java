package io.vnode.agent.domain;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the virtual node advertises as capacity (and allocatable, which is the same: a virtual node
 * reserves nothing for system daemons). The numbers are a scheduling ceiling, not a promise: the cloud
 * decides at create time whether the region has stock.
 *
 * @param pods pods the node accepts; the product documents a ceiling of 50,000 per virtual node
 * @param gpu {@code nvidia.com/gpu}; "0" or blank to advertise none
 */
public record NodeResources(String cpu, String memory, long pods, String gpu, String ephemeralStorage) {

    public static final String GPU = "nvidia.com/gpu";
    public static final long DEFAULT_PODS = 50_000;

    public NodeResources {
        cpu = blankTo(cpu, "10000");
        memory = blankTo(memory, "40Ti");
        pods = pods <= 0 ? DEFAULT_PODS : pods;
        gpu = blankTo(gpu, "1000");
        ephemeralStorage = blankTo(ephemeralStorage, "20Ti");
        for (String q : new String[] {cpu, memory, gpu, ephemeralStorage}) {
            Quantity.getAmountInBytes(new Quantity(q)); // rejects what the API server would reject
        }
    }

    public static NodeResources defaults() {
        return new NodeResources(null, null, 0, null, null);
    }

    public Map<String, Quantity> asQuantities() {
        Map<String, Quantity> m = new LinkedHashMap<>();
        m.put("cpu", new Quantity(cpu));
        m.put("memory", new Quantity(memory));
        m.put("pods", new Quantity(Long.toString(pods)));
        m.put("ephemeral-storage", new Quantity(ephemeralStorage));
        if (!"0".equals(gpu)) {
            m.put(GPU, new Quantity(gpu));
        }
        return m;
    }

    private static String blankTo(String v, String d) {
        return v == null || v.isBlank() ? d : v.trim();
    }
}
