package io.vnode.emulator.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Decoded request parameters (query string plus form body). */
public final class Params {

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = values;
    }

    public static Params of(Map<String, String> values) {
        return new Params(new LinkedHashMap<>(values));
    }

    /** Parses one or more {@code a=b&c=d} strings (raw, percent-encoded); later ones do not override. */
    public static Params parse(String... encodedParts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : encodedParts) {
            if (part == null || part.isEmpty()) {
                continue;
            }
            for (String pair : part.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                out.putIfAbsent(k, v);
            }
        }
        return new Params(out);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    public String getOrDefault(String key, String def) {
        String v = get(key);
        return v == null ? def : v;
    }

    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /**
     * The entries {@code prefix.N.rest}, grouped by N (ascending), each group keyed by {@code rest}.
     * E.g. indexed("Container") gives {1: {Name: main, Image: nginx, Command.1: sh}}.
     */
    public TreeMap<Integer, Params> indexed(String prefix) {
        TreeMap<Integer, Map<String, String>> groups = new TreeMap<>();
        String p = prefix + ".";
        for (Map.Entry<String, String> e : values.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(p)) {
                continue;
            }
            int dot = k.indexOf('.', p.length());
            String num = dot < 0 ? k.substring(p.length()) : k.substring(p.length(), dot);
            int n;
            try {
                n = Integer.parseInt(num);
            } catch (NumberFormatException ex) {
                continue;
            }
            groups.computeIfAbsent(n, x -> new LinkedHashMap<>()).put(dot < 0 ? "" : k.substring(dot + 1), e.getValue());
        }
        TreeMap<Integer, Params> out = new TreeMap<>();
        groups.forEach((n, m) -> out.put(n, new Params(m)));
        return out;
    }

    /**
     * The value of {@code key} as an integer in [min, max], or the cloud's InvalidParameter error; an absent
     * value is invalid too, so callers that treat absence otherwise ask {@link #get} first.
     */
    public int getInt(String key, int min, int max) {
        try {
            int v = Integer.parseInt(get(key));
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(key, "It must be an integer in [" + min + ", " + max + "].");
        }
    }
}
