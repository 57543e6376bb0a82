package io.vnode.executor.app;

import java.time.Duration;
import java.util.List;

/**
 * What the instance watcher watches and how often.
 *
 * @param enabled whether it runs at all
 * @param regions the regions polled
 * @param clusterId the cluster tag's value: only instances carrying it are seen (and swept)
 * @param pollInterval incremental poll of changed statuses and events
 * @param resyncInterval full listing (level-triggered), also one orphan-sweep pass
 * @param sweepEnabled delete orphans (instances whose pod is gone for two passes)
 * @param elected the watcher runs only while this replica leads (an election starts and stops it); false: it
 *     starts with the application
 */
public record WatchPolicy(boolean enabled, List<String> regions, String clusterId, Duration pollInterval,
                          Duration resyncInterval, boolean sweepEnabled, boolean elected) {
    public WatchPolicy {
        regions = List.copyOf(regions);
    }

    public WatchPolicy(boolean enabled, List<String> regions, String clusterId, Duration pollInterval,
                       Duration resyncInterval, boolean sweepEnabled) {
        this(enabled, regions, clusterId, pollInterval, resyncInterval, sweepEnabled, false);
    }
}
