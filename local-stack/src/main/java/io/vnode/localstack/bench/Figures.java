package io.vnode.localstack.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percentiles of a sample of milliseconds. */
public final class Figures {

    private Figures() {
    }

    public static Map<String, Object> percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", sorted.size());
        m.put("p50_ms", at(sorted, 0.50));
        m.put("p95_ms", at(sorted, 0.95));
        m.put("p99_ms", at(sorted, 0.99));
        m.put("max_ms", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
        return m;
    }

    static Long at(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
