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
 * @param leaderElection which replica watches: the holder of a Lease (one replica's calls, whatever the count)
 * @param tokenRenewal renewal of the pods' projected service-account tokens, at each resync
 */
@ConfigurationProperties("vnode.watch")
public record WatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("60s") Duration resyncInterval,
        @DefaultValue("true") boolean sweepEnabled,
        @DefaultValue LeaderElection leaderElection,
        @DefaultValue TokenRenewal tokenRenewal) {

    /**
     * @param enabled renew a pod's tokens in its instance once 80% of their lifetime has passed (UpdateContainerGroup
     *     with the new ConfigFileVolume files)
     * @param maxAge also renew a token older than this (a kubelet's is 24h); empty: only by lifetime (the API
     *     server's default tokens, valid a year, at 80% of it)
     */
    public record TokenRenewal(@DefaultValue("true") boolean enabled, Duration maxAge) {
    }

    /**
     * @param enabled false: every replica watches (each one's calls count against the quota)
     * @param namespace the Lease's namespace (the chart: the release's)
     * @param identity this replica's name in the Lease; empty: the host name and a random suffix
     */
    public record LeaderElection(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("kube-system") String namespace,
            @DefaultValue("vnode-cloud-executor") String name,
            @DefaultValue("") String identity,
            @DefaultValue("15s") Duration leaseDuration,
            @DefaultValue("10s") Duration renewDeadline,
            @DefaultValue("2s") Duration retryPeriod) {

        public String identityOrDefault() {
            if (identity != null && !identity.isBlank()) {
                return identity;
            }
            String host = System.getenv("HOSTNAME");
            return (host == null || host.isBlank() ? "cloud-executor" : host) + "-"
                    + java.util.UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
