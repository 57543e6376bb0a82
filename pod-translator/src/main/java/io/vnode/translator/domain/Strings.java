package io.vnode.translator.domain;

import java.util.ArrayList;
import java.util.List;

/** Small string helpers without regular expressions (the translator is on the hot path). */
final class Strings {

    private Strings() {
    }

    /** Splits on commas, trims, drops empty parts. */
    static List<String> splitComma(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                String part = value.substring(start, i).trim();
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                start = i + 1;
            }
        }
        return parts;
    }

    /** Splits on commas and trims, keeping empty parts (to detect "2-4Gi,,4-8Gi"). */
    static List<String> splitCommaKeepEmpty(String value) {
        List<String> parts = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                parts.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        return parts;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
