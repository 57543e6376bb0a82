package io.vnode.executor.app;

import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental status poll of one region: the ids of instances whose status changed
 * (DescribeContainerGroupStatus) or that have new events (DescribeContainerGroupEvents) since the
 * last poll, plus a margin, are described in batches of 20 (DescribeContainerGroups) and observed.
 * Does nothing until {@link #startFrom} (the first full resync observes everything anyway).
 * Blocking; one poll at a time.
 */
final class InstanceStatusPoll {

    private static final Logger log = LoggerFactory.getLogger(InstanceStatusPoll.class);
    private static final int DESCRIBE_BATCH = 20;

    private final CloudInstances cloud;
    private final RegionInstances instances;
    private final Duration pollInterval;
    private volatile Instant lastPoll;

    InstanceStatusPoll(CloudInstances cloud, RegionInstances instances, Duration pollInterval) {
        this.cloud = cloud;
        this.instances = instances;
        this.pollInterval = pollInterval;
    }

    /** Lets the polls begin, looking back from {@code firstListing} (no-op once begun). */
    void startFrom(Instant firstListing) {
        if (lastPoll == null) {
            lastPoll = firstListing;
        }
    }

    /** Back to not started: the next resync begins the polls again. */
    void reset() {
        lastPoll = null;
    }

    boolean started() {
        return lastPoll != null;
    }

    /** One poll; a failed feed is skipped (logged), a failed describe throws and the next poll looks back further. */
    void run(Instant now) {
        long sinceSeconds = Math.max(1, Duration.between(lastPoll, now).toSeconds() + 2 * pollInterval.toSeconds() + 5);
        describe(changedIds(sinceSeconds), now);
        lastPoll = now;
    }

    private Set<String> changedIds(long sinceSeconds) {
        String region = instances.region();
        Set<String> changed = new LinkedHashSet<>();
        changed.addAll(feed("status", token -> cloud.changedStatus(region, sinceSeconds, instances.clusterTag(), token)));
        changed.addAll(feed("event", token -> cloud.changedEvents(region, sinceSeconds, instances.clusterTag(), token)));
        return changed;
    }

    /** Every page of one feed, or nothing if a page fails for good. */
    private List<String> feed(String name, Function<String, CloudInstances.Page<String>> page) {
        List<String> ids = new ArrayList<>();
        String token = null;
        try {
            do {
                String pageToken = token;
                CloudInstances.Page<String> p = PageRetries.call(() -> page.apply(pageToken));
                ids.addAll(p.items());
                token = p.last() ? null : p.nextToken();
            } while (token != null);
        } catch (CloudException e) {
            log.warn("watch {}: {} feed failed: {}", instances.region(), name, e.getMessage());
            return List.of();
        }
        return ids;
    }

    private void describe(Set<String> changed, Instant now) {
        List<String> ids = new ArrayList<>(changed);
        for (int i = 0; i < ids.size(); i += DESCRIBE_BATCH) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + DESCRIBE_BATCH));
            long fetched = instances.ticket();
            CloudInstances.Page<CloudInstance> page = PageRetries.call(
                    () -> cloud.describe(instances.region(), instances.clusterTag(), batch, null));
            page.items().forEach(instance -> instances.observe(instance, now, fetched));
        }
    }
}
