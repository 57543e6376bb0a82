package io.vnode.reconciler.app;

import io.vnode.contracts.billing.BillingUsageRecorded;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usage records this instance has published, in memory, bounded (the oldest are evicted), keyed
 * by eventId so a republished record counts once. Thread-safe. Feeds the usage report endpoint.
 */
public final class UsageStore {

    private final int capacity;
    private final Map<String, BillingUsageRecorded> byId = new LinkedHashMap<>();
    private final Deque<String> order = new ArrayDeque<>();

    public UsageStore(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    public synchronized void add(BillingUsageRecorded r) {
        if (byId.put(r.eventId(), r) == null) {
            order.addLast(r.eventId());
            while (order.size() > capacity) {
                byId.remove(order.removeFirst());
            }
        }
    }

    public synchronized List<BillingUsageRecorded> all() {
        return new ArrayList<>(byId.values());
    }
}
