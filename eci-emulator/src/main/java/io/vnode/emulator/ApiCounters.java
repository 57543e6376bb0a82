package io.vnode.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Served, throttled and failed calls per API since start or the last reset. Thread-safe. */
final class ApiCounters {

    /** The error code under which dropped connections are counted. */
    static final String DROPPED = "(dropped)";

    private static final class Counters {
        final LongAdder served = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

        void error(String code) {
            errors.computeIfAbsent(code, k -> new LongAdder()).increment();
        }
    }

    private final ConcurrentHashMap<String, Counters> counters = new ConcurrentHashMap<>();

    void served(String api) {
        of(api).served.increment();
    }

    /** An error answer; a Throttling code also counts as throttled. */
    void failed(String api, String code) {
        Counters c = of(api);
        c.error(code);
        if (code.startsWith("Throttling")) {
            c.throttled.increment();
        }
    }

    void dropped(String api) {
        of(api).error(DROPPED);
    }

    /** A snapshot, sorted by API. */
    Map<String, ApiStats> stats() {
        Map<String, ApiStats> out = new TreeMap<>();
        counters.forEach((api, c) -> out.put(api, new ApiStats(c.served.sum(), c.throttled.sum(),
                c.errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum(),
                        (a, b) -> a, TreeMap::new)))));
        return out;
    }

    void clear() {
        counters.clear();
    }

    private Counters of(String api) {
        return counters.computeIfAbsent(api, k -> new Counters());
    }
}
