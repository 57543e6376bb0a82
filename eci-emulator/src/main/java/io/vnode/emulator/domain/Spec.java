package io.vnode.emulator.domain;

import java.math.BigDecimal;

/** vCPU and memory (GiB) of an instance. The key form is {@code 2-4Gi}, {@code 0.5-1Gi}. */
public record Spec(double cpu, double memory) implements Comparable<Spec> {

    public String key() {
        return format(cpu) + "-" + format(memory) + "Gi";
    }

    public static String format(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Parses {@code 2-4Gi}, {@code 2-4} or {@code 2C4G}-less forms; throws IllegalArgumentException. */
    public static Spec parse(String text) {
        String t = text.trim();
        if (t.endsWith("Gi") || t.endsWith("gi")) {
            t = t.substring(0, t.length() - 2);
        }
        int dash = t.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not a spec: " + text);
        }
        return new Spec(Double.parseDouble(t.substring(0, dash)), Double.parseDouble(t.substring(dash + 1)));
    }

    boolean sameAs(double c, double m) {
        return Math.abs(cpu - c) < 1e-6 && Math.abs(memory - m) < 1e-6;
    }

    @Override
    public int compareTo(Spec o) {
        int c = Double.compare(cpu, o.cpu);
        return c != 0 ? c : Double.compare(memory, o.memory);
    }
}
