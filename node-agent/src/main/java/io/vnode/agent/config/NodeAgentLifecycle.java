package io.vnode.agent.config;

import io.vnode.agent.adapter.kube.KubeLeaderElection;
import io.vnode.agent.app.NodeHeartbeat;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the election (or leads at once when election is off) after the context is up; on shutdown
 * stops the heartbeat, removes the nodes when configured, then releases the leader lease; a leader that saw
 * its nodes uninstalled (the chart's pre-delete hook) deletes the leader lease, which would outlive the release.
 */
public class NodeAgentLifecycle implements SmartLifecycle {

    private final NodeHeartbeat heartbeat;
    private final Runnable startLeading;
    private final KubeLeaderElection election;
    private final boolean removeOnShutdown;
    private volatile boolean running;

    /** @param startLeading what taking the lead does (the heartbeat starts, the pods are observed again) */
    public NodeAgentLifecycle(NodeHeartbeat heartbeat, Runnable startLeading, KubeLeaderElection election, boolean removeOnShutdown) {
        this.heartbeat = heartbeat;
        this.startLeading = startLeading;
        this.election = election;
        this.removeOnShutdown = removeOnShutdown;
    }

    @Override
    public void start() {
        running = true;
        if (election == null) {
            startLeading.run();
        } else {
            election.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        boolean wasLeading = heartbeat.leading();
        heartbeat.stopLeading();
        if (removeOnShutdown && wasLeading) {
            heartbeat.removeNodes();
        }
        if (election != null) {
            election.close();
            if (wasLeading && heartbeat.uninstallSeen()) {
                election.deleteLease();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
