package io.vnode.executor.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code sequence} of instance events: strictly increasing per pod, and comparable across
 * restarts because it starts from the wall clock in microseconds (a restarted executor continues
 * above what it published before, as long as its clock does not go back). Thread-safe; remembers
 * the last value of at most {@code capacity} pods (older ones fall back to the clock).
 */
public final class Sequencer {

    private final Map<String, Long> last;

    public Sequencer(int capacity) {
        this.last = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized long next(String podUid, long nowMicros) {
        long previous = last.getOrDefault(podUid, Long.MIN_VALUE);
        long next = Math.max(previous + 1, nowMicros);
        last.put(podUid, next);
        return next;
    }
}
