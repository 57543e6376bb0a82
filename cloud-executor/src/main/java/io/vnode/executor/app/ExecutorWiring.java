package io.vnode.executor.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Assembles the command handler from its ports (used by the configuration and by tests). */
public final class ExecutorWiring {

    private ExecutorWiring() {
    }

    public static CommandHandler commandHandler(CloudInstances cloud, ReferenceResolver references, PodDirectory pods,
                                                InstanceEventSink sink, KnownInstances known, InstanceWatcher watcher,
                                                InstanceEvents events, RetryPolicy policy, String regionId,
                                                ShutdownSignal shutdown, MeterRegistry meters, Clock clock) {
        Retrier retrier = new Retrier(policy.backoff(), meters);
        CreateInstanceHandler creates = new CreateInstanceHandler(cloud, references, sink, retrier, events, known,
                watcher, pods, policy.noStockInterval(), policy.noStockMaxPause(), meters, clock);
        DeleteInstanceHandler deletes = new DeleteInstanceHandler(cloud, sink, retrier, events, known, watcher, regionId);
        return new CommandHandler(creates, deletes, pods, policy, shutdown, clock);
    }
}
