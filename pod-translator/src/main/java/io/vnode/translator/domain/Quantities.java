package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.Quantity;

/** Kubernetes quantities as doubles (cpu in cores, memory and storage in GiB), without BigDecimal. */
final class Quantities {

    static final double GIB = 1024.0 * 1024.0 * 1024.0;

    private Quantities() {
    }

    /** The quantity in base units (cores, bytes, counts); NaN when it is not a quantity. */
    static double value(Quantity q) {
        if (q == null) {
            return Double.NaN;
        }
        String amount = q.getAmount();
        String format = q.getFormat();
        if (amount == null) {
            return Double.NaN;
        }
        double base;
        try {
            base = Double.parseDouble(amount);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return base * factor(format == null ? "" : format);
    }

    /** Parses "50Gi", "1500m", "10M"; NaN when malformed. */
    static double parse(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        String t = text.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.' || t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        try {
            double f = factor(t.substring(i));
            return Double.isNaN(f) ? f : Double.parseDouble(t.substring(0, i)) * f;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double factor(String format) {
        switch (format) {
            case "": return 1;
            case "n": return 1e-9;
            case "u": return 1e-6;
            case "m": return 1e-3;
            case "k": return 1e3;
            case "M": return 1e6;
            case "G": return 1e9;
            case "T": return 1e12;
            case "P": return 1e15;
            case "E": return 1e18;
            case "Ki": return 1024.0;
            case "Mi": return 1024.0 * 1024;
            case "Gi": return GIB;
            case "Ti": return GIB * 1024;
            case "Pi": return GIB * 1024 * 1024;
            case "Ei": return GIB * 1024 * 1024 * 1024;
            default:
                if (format.length() > 1 && (format.charAt(0) == 'e' || format.charAt(0) == 'E')) {
                    try {
                        return Math.pow(10, Integer.parseInt(format.substring(1)));
                    } catch (NumberFormatException e) {
                        return Double.NaN;
                    }
                }
                return Double.NaN;
        }
    }
}
