package io.vnode.agent.app;

import io.vnode.agent.domain.Uninstall;

/**
 * Outbound port: where each virtual node stands with respect to an uninstall, as this process has seen it
 * (the node as cached now, and whether it was ever seen marked). Non-blocking; thread-safe.
 */
public interface NodeMarkers {

    Uninstall.NodeState state(String nodeName);

    /** Whether any of the agent's nodes has been seen marked (an uninstall is under way or done). */
    boolean uninstallSeen();

    /** Nodes never seen marked, e.g. where the agent does not watch nodes. */
    NodeMarkers NONE = new NodeMarkers() {
        @Override
        public Uninstall.NodeState state(String nodeName) {
            return Uninstall.NodeState.SERVED;
        }

        @Override
        public boolean uninstallSeen() {
            return false;
        }
    };
}
