package io.vnode.executor.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Instance watching.
 *
 * @param pollInterval incremental poll (DescribeContainerGroupStatus/Events with SinceSecond)
 * @param resyncInterval full listing by the cluster tag (level-triggered), also one orphan-sweep pass
 * @param sweepEnabled delete orphans (instances of our cluster whose pod is gone for two passes)
 */
@ConfigurationProperties("vnode.watch")
public record WatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("60s") Duration resyncInterval,
        @DefaultValue("true") boolean sweepEnabled) {
}
