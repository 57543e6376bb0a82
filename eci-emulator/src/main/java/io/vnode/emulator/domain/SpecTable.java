package io.vnode.emulator.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The vCPU/memory combinations a product accepts. Immutable. */
public final class SpecTable {

    private final List<Spec> specs;

    private SpecTable(Collection<Spec> specs) {
        this.specs = List.copyOf(new TreeSet<>(specs));
    }

    /** Parses entries like {@code 2-4Gi} or {@code 2-1,2,4,8,16} (one vCPU with several memory sizes). */
    public static SpecTable parse(Collection<String> entries) {
        List<Spec> out = new ArrayList<>();
        for (String e : entries) {
            int dash = e.indexOf('-');
            double cpu = Double.parseDouble(e.substring(0, dash).trim());
            for (String m : e.substring(dash + 1).replace("Gi", "").split(",")) {
                out.add(new Spec(cpu, Double.parseDouble(m.trim())));
            }
        }
        return new SpecTable(out);
    }

    /** The ECI table valid in all regions (eci-api.md 2.9). */
    public static SpecTable eciDefault() {
        return parse(List.of("0.25-0.5,1", "0.5-1,2", "1-2,4,8", "2-1,2,4,8,16", "4-2,4,8,16,32", "8-4,8,16,32,64",
                "12-12,24,48,96", "16-16,32,64,128", "24-24,48,96,192", "32-32,64,128,256", "52-96,192,384",
                "64-128,256,512"));
    }

    /** The ACS general-purpose fine-grained table (eci-api.md 2.9, ACS specs). */
    public static SpecTable acsDefault() {
        List<Spec> out = new ArrayList<>();
        for (double m : new double[] {0.5, 1, 2}) {
            out.add(new Spec(0.25, m));
        }
        for (int m = 1; m <= 4; m++) {
            out.add(new Spec(0.5, m));
        }
        for (double cpu = 1; cpu <= 16; cpu += 0.5) {
            for (int m = (int) Math.ceil(cpu); m <= 8 * cpu; m++) {
                out.add(new Spec(cpu, m));
            }
        }
        for (int cpu : new int[] {24, 32, 48, 64}) {
            for (int f : new int[] {1, 2, 4, 8}) {
                out.add(new Spec(cpu, cpu * f));
            }
        }
        return new SpecTable(out);
    }

    public boolean contains(double cpu, double memory) {
        return specs.stream().anyMatch(s -> s.sameAs(cpu, memory));
    }

    /** The smallest spec with at least the requested vCPU and memory (ordered by vCPU, then memory). */
    public Optional<Spec> roundUp(double cpu, double memory) {
        return specs.stream().filter(s -> s.cpu() >= cpu - 1e-9 && s.memory() >= memory - 1e-9).findFirst();
    }

    public int size() {
        return specs.size();
    }
}
