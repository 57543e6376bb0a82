package io.vnode.emulator;

import io.vnode.emulator.domain.CreateRequest;
import io.vnode.emulator.domain.Instance;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** What is out of stock: specs ("2-4Gi"), instance types and zones. Thread-safe. */
final class StockMarks {

    private final Set<String> atStart;
    private final Set<String> outOfStock = ConcurrentHashMap.newKeySet();

    StockMarks(Set<String> atStart) {
        this.atStart = Set.copyOf(atStart);
        outOfStock.addAll(this.atStart);
    }

    void set(String key, boolean out) {
        if (out) {
            outOfStock.add(key);
        } else {
            outOfStock.remove(key);
        }
    }

    /** Whether a spec candidate can be placed this way: neither its spec, its stock key nor the zone is marked. */
    boolean inStock(CreateRequest.Candidate c, CreateRequest.Placement where) {
        return !outOfStock.contains(c.stockKey()) && !outOfStock.contains(c.spec().key())
                && !outOfStock.contains(where.zoneId());
    }

    /** Whether a created instance can still be placed, asked when it leaves Scheduling. */
    boolean inStock(Instance i) {
        return !outOfStock.contains(i.stockKey) && !outOfStock.contains(i.zoneId) && !outOfStock.contains(i.spec.key());
    }

    /** The marks, sorted. */
    Set<String> all() {
        return new TreeSet<>(outOfStock);
    }

    /** Back to the marks the emulator started with. */
    void reset() {
        outOfStock.clear();
        outOfStock.addAll(atStart);
    }
}
