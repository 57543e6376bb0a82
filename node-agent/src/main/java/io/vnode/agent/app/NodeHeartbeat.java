package io.vnode.agent.app;

import io.vnode.agent.domain.NodeHealth;
import io.vnode.agent.domain.Uninstall;
import io.vnode.agent.domain.VirtualNodeSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's heartbeat for every virtual node, run only by the replica that holds the leader lease:
 * registers the nodes, renews their Leases every renew interval, and writes their status when health
 * changes or the status interval passed. Health (Kafka, cloud endpoint) is probed on its own schedule so
 * a slow probe never delays a lease renewal.
 */
public class NodeHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final List<VirtualNodeSpec> nodes;
    private final VirtualNodeApi api;
    private final HealthProbe kafka;
    private final HealthProbe cloud;
    private final HealthProbe credentials;
    private final Duration renewInterval;
    private final Duration leaseDuration;
    private final Duration statusInterval;
    private final Duration healthInterval;
    private final Clock clock;
    private final NodeMarkers markers;
    private final ScheduledExecutorService heartbeatThread =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vnode-heartbeat"));
    private final ScheduledExecutorService probeThread =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vnode-health-probe"));
    private final Map<String, Instant> lastStatusWrite = new HashMap<>();
    private final Map<String, NodeHealth> lastWrittenHealth = new HashMap<>();
    private volatile NodeHealth health;
    private volatile boolean leading;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> probing;

    /**
     * @param cloud whether the cloud endpoint can be reached
     * @param credentials whether the cloud accepts the AccessKey; asked only while the endpoint can be reached
     */
    public NodeHeartbeat(List<VirtualNodeSpec> nodes, VirtualNodeApi api, HealthProbe kafka, HealthProbe cloud,
                         HealthProbe credentials, Duration renewInterval, Duration leaseDuration, Duration statusInterval, Duration healthInterval,
                         Clock clock) {
        this(nodes, api, kafka, cloud, credentials, renewInterval, leaseDuration, statusInterval, healthInterval, clock, NodeMarkers.NONE);
    }

    /** @param markers which nodes are being (or were) uninstalled: those are never registered again */
    public NodeHeartbeat(List<VirtualNodeSpec> nodes, VirtualNodeApi api, HealthProbe kafka, HealthProbe cloud,
                         HealthProbe credentials, Duration renewInterval, Duration leaseDuration, Duration statusInterval, Duration healthInterval,
                         Clock clock, NodeMarkers markers) {
        this.nodes = List.copyOf(nodes);
        this.api = api;
        this.kafka = kafka;
        this.cloud = cloud;
        this.credentials = credentials;
        this.renewInterval = renewInterval;
        this.leaseDuration = leaseDuration;
        this.statusInterval = statusInterval;
        this.healthInterval = healthInterval;
        this.clock = clock;
        this.markers = markers;
    }

    public synchronized void startLeading() {
        if (leading) {
            return;
        }
        leading = true;
        LOG.info("leading: heartbeat of {} starts", nodes.stream().map(VirtualNodeSpec::nodeName).toList());
        probing = probeThread.scheduleWithFixedDelay(this::probe, 0, healthInterval.toMillis(), TimeUnit.MILLISECONDS);
        heartbeat = heartbeatThread.scheduleWithFixedDelay(this::beat, 0, renewInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stopLeading() {
        if (!leading) {
            return;
        }
        leading = false;
        LOG.info("no longer leading: heartbeat stops");
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (probing != null) {
            probing.cancel(false);
        }
        heartbeatThread.execute(() -> {
            lastStatusWrite.clear();
            lastWrittenHealth.clear();
        });
    }

    public boolean leading() {
        return leading;
    }

    public NodeHealth health() {
        return health;
    }

    /** Deletes the nodes (uninstall); runs on the heartbeat thread after the last beat. */
    public void removeNodes() {
        runOnHeartbeatThread(() -> nodes.forEach(n -> {
            try {
                api.remove(n.nodeName());
                LOG.info("removed node {}", n.nodeName());
            } catch (RuntimeException e) {
                LOG.warn("could not remove node {}: {}", n.nodeName(), e.getMessage());
            }
        }));
    }

    void probe() {
        try {
            String cloudProblem = cloud.problem();
            NodeHealth now = new NodeHealth(kafka.problem(), cloudProblem, cloudProblem == null ? credentials.problem() : null);
            NodeHealth before = health;
            health = now;
            if (before == null || !before.equals(now)) {
                if (before != null) {
                    LOG.info("virtual node control path changed: available={} {} {}", now.controlPathAvailable(), now.reason(),
                            now.controlPathAvailable() ? "" : now.message());
                }
                heartbeatThread.execute(this::beat);
            }
        } catch (RuntimeException e) {
            LOG.warn("health probe failed: {}", e.toString());
        }
    }

    void beat() {
        if (!leading) {
            return;
        }
        NodeHealth h = health;
        if (h == null) {
            return; // the first probe's result triggers the first beat
        }
        Instant now = clock.instant();
        for (VirtualNodeSpec node : nodes) {
            String name = node.nodeName();
            try {
                Uninstall.NodeState state = markers.state(name);
                if (state == Uninstall.NodeState.UNINSTALLED) {
                    lastStatusWrite.remove(name); // gone for good: no node, no Lease, no status
                    continue;
                }
                if (state == Uninstall.NodeState.DRAINING) {
                    // Ready while its pods drain; labels, taints and the cordon are the uninstall's now
                    if (api.writeStatus(node, h, now)) {
                        api.renewLease(name, leaseDuration, now);
                    }
                    continue;
                }
                Instant last = lastStatusWrite.get(name);
                boolean written = true;
                if (last == null || !h.equals(lastWrittenHealth.get(name))) {
                    api.register(node, h, now); // the taints follow the health, so a change rewrites them too
                } else if (!now.isBefore(last.plus(statusInterval))) {
                    written = api.writeStatus(node, h, now);
                }
                if (!written) {
                    // deleted by someone else than an uninstall: registered again on the next beat, as a kubelet does
                    LOG.warn("node {} is gone; registering it again", name);
                    lastStatusWrite.remove(name);
                    continue;
                }
                if (last == null || !h.equals(lastWrittenHealth.get(name)) || !now.isBefore(last.plus(statusInterval))) {
                    lastStatusWrite.put(name, now);
                    lastWrittenHealth.put(name, h);
                }
                api.renewLease(name, leaseDuration, now);
            } catch (RuntimeException e) {
                LOG.warn("heartbeat of {} failed (retried in {}): {}", name, renewInterval, e.toString());
            }
        }
    }

    /** Whether an uninstall marked one of the nodes (the leader then removes its leader-election Lease when it stops). */
    public boolean uninstallSeen() {
        return markers.uninstallSeen();
    }

    private void runOnHeartbeatThread(Runnable r) {
        try {
            heartbeatThread.submit(r).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("heartbeat task failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stopLeading();
        heartbeatThread.shutdown();
        probeThread.shutdownNow();
        try {
            heartbeatThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
