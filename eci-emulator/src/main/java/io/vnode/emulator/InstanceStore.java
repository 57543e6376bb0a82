package io.vnode.emulator;

import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.InstanceStatus;
import io.vnode.emulator.domain.IpAllocator;
import io.vnode.emulator.domain.Lifecycle;
import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The region's instances, by id, in creation order (by sequence number) and by tag, and the addresses
 * they hold. Thread-safe. Instances advance lazily: {@link #live} applies the transitions due by now and
 * forgets an instance that is gone, releasing its address.
 */
final class InstanceStore {

    private final Clock clock;
    private final Predicate<Instance> inStock;
    private final IpAllocator ips;
    private final ConcurrentHashMap<String, Instance> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Instance> bySeq = new ConcurrentSkipListMap<>();
    /** Instances by tag (key NUL value), in creation order: the cloud finds instances by tag without a scan. */
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<Long, Instance>> byTag = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    /** {@code inStock} is asked when an instance leaves Scheduling. */
    InstanceStore(Clock clock, Predicate<Instance> inStock, IpAllocator ips) {
        this.clock = clock;
        this.inStock = inStock;
        this.ips = ips;
    }

    /** The sequence number of the next instance; never reused, not even after a reset. */
    long nextSeq() {
        return seq.incrementAndGet();
    }

    /** A free address, held until the instance that gets it is removed; empty when the CIDR is exhausted. */
    OptionalInt leaseIp() {
        return ips.allocate();
    }

    void add(Instance i) {
        byId.put(i.id, i);
        bySeq.put(i.seq, i);
        for (Instance.Tag tag : i.tags()) {
            byTag.computeIfAbsent(tagKey(tag), k -> new ConcurrentSkipListMap<>()).put(i.seq, i);
        }
    }

    /** Replaces the instance's tags, and its entries in the tag index. */
    void retag(Instance i, List<Instance.Tag> tags) {
        synchronized (i) {
            for (Instance.Tag tag : i.tags()) {
                byTag.computeIfPresent(tagKey(tag), (k, m) -> {
                    m.remove(i.seq);
                    return m.isEmpty() ? null : m;
                });
            }
            i.tags(tags);
            if (byId.get(i.id) == i) {
                for (Instance.Tag tag : tags) {
                    byTag.computeIfAbsent(tagKey(tag), k -> new ConcurrentSkipListMap<>()).put(i.seq, i);
                }
            }
        }
    }

    /** Instances held, gone ones not yet noticed included. */
    int size() {
        return byId.size();
    }

    /** The instance as stored (not advanced), or null. */
    Instance get(String id) {
        return byId.get(id);
    }

    /** The instance advanced to now; null if there is none or it is gone. */
    Instance live(String id) {
        return live(byId.get(id));
    }

    /** Advances the instance to now; null (and forgotten) if it is gone. */
    Instance live(Instance i) {
        if (i == null) {
            return null;
        }
        boolean gone;
        synchronized (i) {
            Lifecycle.advance(i, clock.millis(), inStock);
            gone = i.status() == InstanceStatus.GONE;
        }
        if (gone) {
            remove(i);
            return null;
        }
        return i;
    }

    /** The live instance a request's ContainerGroupId names, or the cloud's MissingParameter / NotFound error. */
    Instance named(Params p) {
        String id = p.get("ContainerGroupId");
        if (id == null) {
            throw ApiException.missing("ContainerGroupId");
        }
        Instance i = live(id);
        if (i == null) {
            throw ApiException.notFound("ContainerGroupId " + id);
        }
        return i;
    }

    /** Every instance by sequence number (not advanced). */
    NavigableMap<Long, Instance> inCreationOrder() {
        return Collections.unmodifiableNavigableMap(bySeq);
    }

    /** The instances carrying this tag by sequence number (not advanced). */
    NavigableMap<Long, Instance> tagged(Instance.Tag tag) {
        ConcurrentSkipListMap<Long, Instance> tagged = byTag.get(tagKey(tag));
        return tagged == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(tagged);
    }

    /** Forgets the instance and releases its address. */
    void remove(Instance i) {
        if (byId.remove(i.id, i)) {
            bySeq.remove(i.seq);
            for (Instance.Tag tag : i.tags()) {
                byTag.computeIfPresent(tagKey(tag), (k, m) -> {
                    m.remove(i.seq);
                    return m.isEmpty() ? null : m;
                });
            }
            ips.release(i.ip);
        }
    }

    /** Forgets every instance and releases every address. */
    void clear() {
        byId.clear();
        bySeq.clear();
        byTag.clear();
        ips.reset();
    }

    private static String tagKey(Instance.Tag tag) {
        return tag.key() + '\u0000' + tag.value();
    }
}
