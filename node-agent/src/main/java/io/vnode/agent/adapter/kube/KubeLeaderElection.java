package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a coordination.k8s.io/v1 Lease (fabric8's LeaderElector: compare-and-swap on the
 * Lease's resourceVersion). One replica leads and runs the node heartbeat; the others stand by and take
 * over when the lease expires. Leadership lost means the election is entered again. On stop the lease is
 * released so a restarted or surviving replica takes over at once.
 */
public class KubeLeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KubeLeaderElection.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Runnable onStart;
    private final Runnable onStop;
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vnode-leader-election");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;
    private volatile CompletableFuture<?> running;

    public KubeLeaderElection(KubernetesClient client, String namespace, String name, String identity,
                              Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                              Runnable onStart, Runnable onStop) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
        this.onStart = onStart;
        this.onStop = onStop;
    }

    public void start() {
        retry.execute(this::elect);
    }

    private void elect() {
        if (stopped) {
            return;
        }
        LOG.info("{} enters the election on lease {}/{}", identity, namespace, name);
        running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                        .withName(name)
                        .withLock(new LeaseLock(namespace, name, identity))
                        .withLeaseDuration(leaseDuration)
                        .withRenewDeadline(renewDeadline)
                        .withRetryPeriod(retryPeriod)
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(onStart, onStop, leader -> LOG.info("leader is now {}", leader)))
                        .build())
                .build().start();
        running.whenComplete((r, e) -> {
            onStop.run();
            if (!stopped) {
                retry.schedule(this::elect, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Deletes the leader-election Lease (after an uninstall, so that it does not outlive the installation);
     * an absent Lease is fine. Call after {@link #close()}.
     */
    public void deleteLease() {
        try {
            client.leases().inNamespace(namespace).withName(name).delete();
            LOG.info("deleted the leader-election lease {}/{} (the virtual nodes were uninstalled)", namespace, name);
        } catch (RuntimeException e) {
            LOG.warn("could not delete the leader-election lease {}/{}: {}", namespace, name, e.toString());
        }
    }

    @Override
    public void close() {
        stopped = true;
        CompletableFuture<?> r = running;
        if (r != null) {
            r.cancel(true);
        }
        retry.shutdownNow();
    }
}
