package io.vnode.emulator;

import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.InstanceEvent;
import io.vnode.emulator.protocol.Params;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeContainerGroups, DescribeContainerGroupStatus and DescribeContainerGroupEvents: filtered pages of
 * live instances, each rendered under its own monitor. Thread-safe.
 */
final class ContainerGroupQueries {

    private static final int MAX_IDS = 20;
    private static final int MAX_GROUPS_PER_PAGE = 20;
    private static final int MAX_DATA_PER_PAGE = 200;

    private final Pager pager;
    private final Clock clock;

    ContainerGroupQueries(Pager pager, Clock clock) {
        this.pager = pager;
        this.clock = clock;
    }

    Map<String, Object> describeGroups(Params p) {
        int limit = limit(p, MAX_GROUPS_PER_PAGE);
        GroupFilter f = GroupFilter.of(p);
        Pager.Page page = pager.page(p, limit, MAX_IDS, f, f, true);
        List<Object> groups = new ArrayList<>();
        for (Instance i : page.items()) {
            synchronized (i) {
                groups.add(ContainerGroupRenderer.group(i));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", page.total());
        out.put("NextToken", page.nextToken());
        out.put("ContainerGroups", groups);
        return out;
    }

    /** The instances whose status changed in the last SinceSecond seconds (all without it). */
    Map<String, Object> describeStatus(Params p) {
        int limit = limit(p, MAX_DATA_PER_PAGE);
        long since = sinceMillis(p);
        GroupFilter f = GroupFilter.of(p);
        Pager.Page page = pager.page(p, limit, MAX_IDS, f, i -> i.statusChangedAt() >= since && f.test(i), false);
        List<Object> data = new ArrayList<>();
        for (Instance i : page.items()) {
            synchronized (i) {
                data.add(PodStatusRenderer.status(i));
            }
        }
        return data(page, data);
    }

    /** The instances with events in the last SinceSecond seconds (any events without it), with those events. */
    Map<String, Object> describeEvents(Params p) {
        int limit = limit(p, MAX_DATA_PER_PAGE);
        long since = sinceMillis(p);
        GroupFilter f = GroupFilter.of(p);
        Pager.Page page = pager.page(p, limit, MAX_IDS, f, i -> f.test(i) && hasEventsSince(i, since), false);
        List<Object> data = new ArrayList<>();
        for (Instance i : page.items()) {
            synchronized (i) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ContainerGroupId", i.id);
                m.put("Name", i.name);
                m.put("ResourceType", "ContainerGroup");
                m.put("Events", ContainerGroupRenderer.events(i, since));
                data.add(m);
            }
        }
        return data(page, data);
    }

    private static Map<String, Object> data(Pager.Page page, List<Object> data) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NextToken", page.nextToken());
        out.put("Data", data);
        return out;
    }

    private static boolean hasEventsSince(Instance i, long since) {
        synchronized (i) {
            for (InstanceEvent e : i.events()) {
                if (e.lastMillis() >= since) {
                    return true;
                }
            }
            return false;
        }
    }

    private static int limit(Params p, int max) {
        return p.get("Limit") == null ? max : p.getInt("Limit", 1, max);
    }

    private long sinceMillis(Params p) {
        if (p.get("SinceSecond") == null) {
            return Long.MIN_VALUE;
        }
        return clock.millis() - 1000L * p.getInt("SinceSecond", 0, Integer.MAX_VALUE);
    }
}
