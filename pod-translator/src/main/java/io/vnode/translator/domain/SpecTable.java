package io.vnode.translator.domain;

import io.vnode.contracts.instance.InstanceSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The vCPU-memory sizes a compute type offers, and rounding a requirement up to the nearest one:
 * the smallest vCPU row whose memory reaches the requirement, then the smallest memory in that row.
 * Immutable and thread-safe. ECI's table differs by region, so it is configuration; the defaults are
 * the all-regions ECI table and the ACS fine-grained general-purpose table (eci-api.md 2.9).
 */
public final class SpecTable {

    private static final double EPS = 1e-9;

    private final double[] cpus;
    private final double[][] memories;

    private SpecTable(Map<Double, ? extends Collection<Double>> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a spec table needs at least one spec");
        }
        TreeMap<Double, TreeSet<Double>> sorted = new TreeMap<>();
        rows.forEach((cpu, mems) -> sorted.computeIfAbsent(cpu, c -> new TreeSet<>()).addAll(mems));
        cpus = new double[sorted.size()];
        memories = new double[sorted.size()][];
        int i = 0;
        for (Map.Entry<Double, TreeSet<Double>> e : sorted.entrySet()) {
            cpus[i] = e.getKey();
            memories[i] = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            i++;
        }
    }

    /** A table from spec names such as {@code 2-4Gi}, {@code 0.25-0.5Gi}. */
    public static SpecTable parse(Collection<String> specs) {
        Map<Double, List<Double>> rows = new TreeMap<>();
        for (String s : specs) {
            double[] cm = parseCpuMemory(s);
            if (cm == null) {
                throw new IllegalArgumentException("not a vCPU-memory spec: '" + s + "' (expected e.g. 2-4Gi)");
            }
            rows.computeIfAbsent(cm[0], c -> new ArrayList<>()).add(cm[1]);
        }
        return new SpecTable(rows);
    }

    /** The ECI specs offered in all regions (eci-api.md 2.9). */
    public static SpecTable eciDefault() {
        Map<Double, List<Double>> rows = new TreeMap<>();
        rows.put(0.25, List.of(0.5, 1.0));
        rows.put(0.5, List.of(1.0, 2.0));
        rows.put(1.0, List.of(2.0, 4.0, 8.0));
        rows.put(2.0, List.of(1.0, 2.0, 4.0, 8.0, 16.0));
        rows.put(4.0, List.of(2.0, 4.0, 8.0, 16.0, 32.0));
        rows.put(8.0, List.of(4.0, 8.0, 16.0, 32.0, 64.0));
        rows.put(12.0, List.of(12.0, 24.0, 48.0, 96.0));
        rows.put(16.0, List.of(16.0, 32.0, 64.0, 128.0));
        rows.put(24.0, List.of(24.0, 48.0, 96.0, 192.0));
        rows.put(32.0, List.of(32.0, 64.0, 128.0, 256.0));
        rows.put(52.0, List.of(96.0, 192.0, 384.0));
        rows.put(64.0, List.of(128.0, 256.0, 512.0));
        return new SpecTable(rows);
    }

    /**
     * The ACS fine-grained table (general-purpose and performance): 0.25 vCPU {0.5, 1, 2}; 0.5 vCPU
     * {1..4}; 1 to 16 vCPU in 0.5 steps with memory from ceil(vCPU) to 8 x vCPU GiB in 1 GiB steps;
     * then 24, 32, 48, 64 vCPU at 1, 2, 4, 8 GiB per vCPU.
     */
    public static SpecTable acsDefault() {
        Map<Double, List<Double>> rows = new TreeMap<>();
        rows.put(0.25, List.of(0.5, 1.0, 2.0));
        rows.put(0.5, List.of(1.0, 2.0, 3.0, 4.0));
        for (double cpu = 1.0; cpu <= 16.0 + EPS; cpu += 0.5) {
            List<Double> mems = new ArrayList<>();
            for (double m = Math.ceil(cpu); m <= 8 * cpu + EPS; m += 1.0) {
                mems.add(m);
            }
            rows.put(cpu, mems);
        }
        for (double cpu : new double[] {24, 32, 48, 64}) {
            rows.put(cpu, List.of(cpu, 2 * cpu, 4 * cpu, 8 * cpu));
        }
        return new SpecTable(rows);
    }

    /** The smallest spec with at least {@code cpu} vCPU and {@code memoryGiB} GiB, or null if none. */
    public InstanceSpec roundUp(double cpu, double memoryGiB, Integer gpu) {
        for (int i = 0; i < cpus.length; i++) {
            if (cpus[i] + EPS < cpu) {
                continue;
            }
            double[] row = memories[i];
            for (double m : row) {
                if (m + EPS >= memoryGiB) {
                    return InstanceSpec.ofCpuMemory(cpus[i], m, gpu);
                }
            }
        }
        return null;
    }

    public boolean contains(double cpu, double memoryGiB) {
        InstanceSpec s = roundUp(cpu, memoryGiB, null);
        return s != null && Math.abs(s.cpu() - cpu) < EPS && Math.abs(s.memoryGiB() - memoryGiB) < EPS;
    }

    /** The largest spec, for messages. */
    public String largest() {
        int last = cpus.length - 1;
        return InstanceSpec.ofCpuMemory(cpus[last], memories[last][memories[last].length - 1], null).name();
    }

    /** Parses {@code 2-4Gi} / {@code 0.5-1Gi} into {cpu, memoryGiB}; null when malformed. */
    static double[] parseCpuMemory(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        int dash = t.indexOf('-');
        if (dash <= 0 || !t.endsWith("Gi") || dash + 1 >= t.length() - 2) {
            return null;
        }
        String cpu = t.substring(0, dash);
        String mem = t.substring(dash + 1, t.length() - 2);
        if (!isDecimal(cpu) || !isDecimal(mem)) {
            return null;
        }
        double c = Double.parseDouble(cpu);
        double m = Double.parseDouble(mem);
        return c > 0 && m > 0 ? new double[] {c, m} : null;
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty() || s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.') {
            return false;
        }
        boolean dot = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '.') {
                if (dot) {
                    return false;
                }
                dot = true;
            } else if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }
}
