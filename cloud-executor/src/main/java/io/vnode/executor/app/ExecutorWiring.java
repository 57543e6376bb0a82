package io.vnode.executor.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.executor.adapter.cloud.EciCloudClient;
import io.vnode.executor.adapter.kafka.KafkaEventPublisher;
import io.vnode.executor.adapter.kube.KubePods;
import io.vnode.executor.adapter.kube.KubeReferences;
import io.vnode.executor.config.ExecutorProperties;
import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.Sequencer;
import java.time.Clock;

/** Assembles the command handler from its ports (used by the configuration and by tests). */
public final class ExecutorWiring {

    private ExecutorWiring() {
    }

    public static CommandHandler commandHandler(EciCloudClient cloud, KubeReferences references, KubePods pods,
                                                KafkaEventPublisher publisher, KnownInstances known,
                                                InstanceWatcher watcher, Sequencer sequencer,
                                                ExecutorProperties props, String regionId, ShutdownSignal shutdown,
                                                MeterRegistry meters, Clock clock) {
        ExecutorProperties.Retry r = props.retry();
        Retrier retrier = new Retrier(new Backoff(r.base(), r.cap(), r.jitter()), meters);
        InstanceEvents events = new InstanceEvents(sequencer, clock);
        CreateInstanceHandler creates = new CreateInstanceHandler(cloud, references, publisher, retrier, events, known,
                watcher, r.noStockInterval(), meters, clock);
        DeleteInstanceHandler deletes = new DeleteInstanceHandler(cloud, publisher, retrier, events, known, watcher, regionId);
        return new CommandHandler(creates, deletes, publisher, pods, props, shutdown, clock);
    }
}
