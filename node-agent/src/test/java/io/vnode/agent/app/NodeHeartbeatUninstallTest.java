package io.vnode.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vnode.agent.domain.NodeHealth;
import io.vnode.agent.domain.NodeResources;
import io.vnode.agent.domain.NodeSystemInfo;
import io.vnode.agent.domain.Uninstall;
import io.vnode.agent.domain.VirtualNodeIdentity;
import io.vnode.agent.domain.VirtualNodeSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader's heartbeat against an API that records each call, with the node's uninstall state switched under
 * it: a node deleted by hand is registered again; a marked node gets only its status and Lease; an uninstalled one
 * nothing at all.
 */
class NodeHeartbeatUninstallTest {

    private static final VirtualNodeSpec NODE = new VirtualNodeSpec(new VirtualNodeIdentity("cn-hangzhou", "cn-hangzhou-k", null, null),
            NodeResources.defaults(), new NodeSystemInfo("v1.32.4-vnode", "0.1.0", "10.0.0.7", 10250));

    private final RecordingApi api = new RecordingApi();
    private volatile Uninstall.NodeState state = Uninstall.NodeState.SERVED;
    private final java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
    private final NodeHeartbeat heartbeat = new NodeHeartbeat(List.of(NODE), api, () -> null, () -> null, () -> null,
            Duration.ofMillis(20), Duration.ofSeconds(40), Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC(),
            new NodeMarkers() {
                @Override
                public Uninstall.NodeState state(String nodeName) {
                    looks.incrementAndGet();
                    return state;
                }

                @Override
                public boolean uninstallSeen() {
                    return state != Uninstall.NodeState.SERVED;
                }
            });

    @AfterEach
    void stop() {
        heartbeat.close();
    }

    @Test
    void aNodeDeletedByHandIsRegisteredAgain() {
        heartbeat.startLeading();
        await().until(() -> api.calls.contains("register"));
        api.nodeExists = false; // kubectl delete node: the next status write finds nothing
        await().until(() -> api.calls.contains("status-absent")
                && api.calls.subList(api.calls.indexOf("status-absent"), api.calls.size()).contains("register"));
        assertThat(heartbeat.uninstallSeen()).isFalse();
    }

    @Test
    void aMarkedNodeKeepsItsStatusAndLeaseButIsNeverRegisteredAgain() {
        state = Uninstall.NodeState.DRAINING;
        heartbeat.startLeading();
        await().until(() -> api.calls.stream().filter("lease"::equals).count() >= 3);
        assertThat(api.calls).doesNotContain("register").contains("status");
        assertThat(heartbeat.uninstallSeen()).isTrue();
    }

    @Test
    void anUninstalledNodeGetsNothingAtAll() {
        heartbeat.startLeading();
        await().until(() -> api.calls.contains("lease"));
        state = Uninstall.NodeState.UNINSTALLED;
        api.nodeExists = false;
        int seen = looks.get();
        await().until(() -> looks.get() >= seen + 2); // a whole beat ran with the new state
        api.calls.clear();
        // the heartbeat goes on (20 ms) and writes nothing for the node: no node, no Lease, no status
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(api.calls::isEmpty);
    }

    static final class RecordingApi implements VirtualNodeApi {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean nodeExists = true;

        @Override
        public void register(VirtualNodeSpec spec, NodeHealth health, Instant now) {
            calls.add("register");
            nodeExists = true;
        }

        @Override
        public boolean writeStatus(VirtualNodeSpec spec, NodeHealth health, Instant now) {
            calls.add(nodeExists ? "status" : "status-absent");
            return nodeExists;
        }

        @Override
        public void renewLease(String nodeName, Duration leaseDuration, Instant now) {
            calls.add("lease");
        }

        @Override
        public void remove(String nodeName) {
            calls.add("remove");
        }
    }
}
