package io.vnode.emulator;

import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages of live instances in creation order for the Describe actions. A NextToken is the sequence number of
 * the first instance of the next page, so a page is found without a scan from the start. Thread-safe.
 */
final class Pager {

    /** One page; {@code total} counts every match only when asked to, and nextToken is "" on the last page. */
    record Page(List<Instance> items, int total, String nextToken) {
    }

    private final InstanceStore store;
    private final JsonMapper json;

    Pager(InstanceStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /**
     * The page the request's NextToken starts, of at most {@code limit} instances that match {@code filter}, from
     * the request's ContainerGroupIds (at most {@code maxIds}), else the index of a valued tag filter of
     * {@code groups}, else every instance. {@code countTotal} scans on past the page to count every match.
     */
    Page page(Params p, int limit, int maxIds, GroupFilter groups, Predicate<Instance> filter, boolean countTotal) {
        long from = from(p);
        Collection<Instance> source = source(p, maxIds, groups, countTotal ? Long.MIN_VALUE : from);
        return scan(source, from, limit, filter, countTotal);
    }

    private static long from(Params p) {
        String token = p.get("NextToken");
        if (token == null) {
            return 0;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("NextToken", "The token is not one this API returned.");
        }
    }

    /** The candidates in creation order, an index entered at sequence number {@code from}. */
    private Collection<Instance> source(Params p, int maxIds, GroupFilter groups, long from) {
        String idsJson = p.get("ContainerGroupIds");
        if (idsJson != null) {
            return byIds(idsJson, maxIds);
        }
        Instance.Tag tag = groups.valuedTag();
        NavigableMap<Long, Instance> index = tag != null ? store.tagged(tag) : store.inCreationOrder();
        return index.tailMap(from, true).values();
    }

    private Collection<Instance> byIds(String idsJson, int maxIds) {
        String[] ids;
        try {
            ids = json.readValue(idsJson, String[].class);
        } catch (JacksonException e) {
            throw ApiException.invalid("ContainerGroupIds", "It must be a JSON array of IDs.");
        }
        if (ids.length > maxIds) {
            throw ApiException.invalid("ContainerGroupIds", "At most " + maxIds + " IDs are allowed.");
        }
        TreeMap<Long, Instance> picked = new TreeMap<>();
        for (String id : ids) {
            Instance i = store.get(id);
            if (i != null) {
                picked.put(i.seq, i);
            }
        }
        return picked.values();
    }

    private Page scan(Collection<Instance> source, long from, int limit, Predicate<Instance> filter, boolean countTotal) {
        List<Instance> items = new ArrayList<>(Math.min(limit, 64));
        int total = 0;
        String next = "";
        for (Instance raw : source) {
            Instance i = store.live(raw);
            if (i == null || !filter.test(i)) {
                continue;
            }
            total++;
            if (i.seq < from) {
                continue;
            }
            if (items.size() < limit) {
                items.add(i);
            } else if (next.isEmpty()) {
                next = Long.toString(i.seq);
                if (!countTotal) {
                    break;
                }
            }
        }
        return new Page(items, total, next);
    }
}
