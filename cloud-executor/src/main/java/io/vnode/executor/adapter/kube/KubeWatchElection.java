package io.vnode.executor.adapter.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One replica of cloud-executor watches the instances, whatever the number of replicas: they compete for a
 * coordination.k8s.io/v1 Lease (fabric8's LeaderElector, compare-and-swap on its resourceVersion), the holder
 * runs {@code lead} and the others stand by; losing the Lease runs {@code yield} and enters the election again.
 * Stopping releases the Lease, so a surviving replica takes over at once (a killed one: after the lease
 * duration). The gauge {@code vnode.watch.leader} is 1 on the replica that leads.
 */
public class KubeWatchElection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KubeWatchElection.class);

    /** Where the Lease is and how it is held. */
    public record Lease(String namespace, String name, String identity, Duration duration, Duration renewDeadline,
                        Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final Lease lease;
    private final Runnable lead;
    private final Runnable yield;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final ScheduledExecutorService elections = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watch-election");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;
    private volatile CompletableFuture<?> term;

    public KubeWatchElection(KubernetesClient client, Lease lease, Runnable lead, Runnable yield, MeterRegistry meters) {
        this.client = client;
        this.lease = lease;
        this.lead = lead;
        this.yield = yield;
        Gauge.builder("vnode.watch.leader", leading, l -> l.get() ? 1 : 0)
                .description("1 while this replica leads the instance watch").register(meters);
    }

    @Override
    public void start() {
        running = true;
        elections.execute(this::enter);
    }

    private void enter() {
        if (!running) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName(lease.name())
                .withLock(new LeaseLock(lease.namespace(), lease.name(), lease.identity()))
                .withLeaseDuration(lease.duration())
                .withRenewDeadline(lease.renewDeadline())
                .withRetryPeriod(lease.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        holder -> log.info("the instance watch is led by {}", holder)))
                .build();
        term = client.leaderElector().withConfig(config).build().start();
        term.whenComplete((r, e) -> {
            stopLeading();
            if (running) {
                elections.schedule(this::enter, lease.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void startLeading() {
        if (leading.compareAndSet(false, true)) {
            log.info("{} leads the instance watch (lease {}/{})", lease.identity(), lease.namespace(), lease.name());
            lead.run();
        }
    }

    private void stopLeading() {
        if (leading.compareAndSet(true, false)) {
            log.info("{} no longer leads the instance watch", lease.identity());
            yield.run();
        }
    }

    @Override
    public void stop() {
        running = false;
        CompletableFuture<?> t = term;
        if (t != null) {
            t.cancel(true);
        }
        stopLeading();
        elections.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
