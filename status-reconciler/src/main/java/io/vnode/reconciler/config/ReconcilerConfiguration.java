package io.vnode.reconciler.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.pod.PodRejection;
import io.vnode.reconciler.adapter.kafka.KafkaBatchConsumer;
import io.vnode.reconciler.adapter.kafka.KafkaDeadLetterConsumer;
import io.vnode.reconciler.adapter.kafka.KafkaOutput;
import io.vnode.reconciler.adapter.kube.KubeEventRecorder;
import io.vnode.reconciler.adapter.kube.KubePodGateway;
import io.vnode.reconciler.adapter.web.ApiAccessHealthIndicator;
import io.vnode.reconciler.app.ApiAccess;
import io.vnode.reconciler.app.BatchHandler;
import io.vnode.reconciler.app.DeadLetterNotifier;
import io.vnode.reconciler.app.PodReconciler;
import io.vnode.reconciler.app.ReconcileMetrics;
import io.vnode.reconciler.app.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wires the stream functions, the adapters and the use case. */
@Configuration(proxyBeanMethods = false)
public class ReconcilerConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(KubeProperties props) {
        Config base = props.masterUrl() == null || props.masterUrl().isBlank()
                ? Config.autoConfigure(null)
                : new ConfigBuilder(Config.empty()).withMasterUrl(props.masterUrl()).withTrustCerts(true).build();
        base.setMaxConcurrentRequests(props.maxConcurrentRequests());
        base.setMaxConcurrentRequestsPerHost(props.maxConcurrentRequests());
        base.setRequestTimeout(props.requestTimeoutMillis());
        return new KubernetesClientBuilder().withConfig(base).build();
    }

    @Bean
    KubePodGateway podGateway(KubernetesClient client) {
        return new KubePodGateway(client);
    }

    @Bean
    KubeEventRecorder eventRecorder(KubernetesClient client, ReconcilerProperties props) {
        return new KubeEventRecorder(client, props.component());
    }

    @Bean
    KafkaOutput kafkaOutput(StreamBridge bridge, ReconcilerProperties props) {
        return new KafkaOutput(bridge, props.instanceEventsTopic());
    }

    @Bean
    UsageStore usageStore(ReconcilerProperties props) {
        return new UsageStore(props.usageStoreCapacity());
    }

    @Bean
    ReconcileMetrics reconcileMetrics(MeterRegistry registry) {
        return new ReconcileMetrics(registry);
    }

    @Bean
    PodReconciler podReconciler(KubePodGateway pods, KubeEventRecorder events, KafkaOutput kafkaOutput,
                                UsageStore store, ReconcileMetrics metrics, ReconcilerProperties props) {
        return new PodReconciler(pods, events, kafkaOutput, store, metrics, props.conflictRetries(), props.podCacheSize());
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService reconcileExecutor(ReconcilerProperties props) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, props.parallelism()), r -> {
            Thread t = new Thread(r, "reconcile-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    ApiAccess apiAccess(MeterRegistry registry) {
        return new ApiAccess(registry, Clock.systemUTC(), Duration.ofMinutes(1));
    }

    @Bean
    ApiAccessHealthIndicator kubeApiAccess(ApiAccess access) {
        return new ApiAccessHealthIndicator(access);
    }

    @Bean
    Consumer<Message<List<byte[]>>> instanceEvents(PodReconciler reconciler, KafkaOutput kafkaOutput,
                                                   ExecutorService reconcileExecutor, ReconcileMetrics metrics, ApiAccess access) {
        return new KafkaBatchConsumer(new BatchHandler(InstanceEvent.class, reconciler, kafkaOutput, reconcileExecutor, metrics, access));
    }

    @Bean
    Consumer<Message<List<byte[]>>> podRejections(PodReconciler reconciler, KafkaOutput kafkaOutput,
                                                  ExecutorService reconcileExecutor, ReconcileMetrics metrics, ApiAccess access) {
        return new KafkaBatchConsumer(new BatchHandler(PodRejection.class, reconciler, kafkaOutput, reconcileExecutor, metrics, access));
    }

    @Bean
    DeadLetterNotifier deadLetterNotifier(KubePodGateway pods, KubeEventRecorder events, MeterRegistry registry,
                                          ReconcilerProperties props, ApiAccess access) {
        return new DeadLetterNotifier(pods, events, registry, Clock.systemUTC(), props.conflictRetries(), access);
    }

    @Bean
    Consumer<Message<byte[]>> deadLetters(DeadLetterNotifier notifier) {
        return new KafkaDeadLetterConsumer(notifier);
    }

    /**
     * A batch (or dead letter) that failed transiently (API server down) or was refused (401/403) is
     * retried without limit, after pauses that double from {@code retry-backoff-millis} up to
     * {@code retry-backoff-max-millis}: the pods cannot be written anyway, and skipping would lose
     * their events.
     */
    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryForever(ReconcilerProperties props) {
        return (container, destination, group) -> {
            ExponentialBackOff backOff = new ExponentialBackOff(props.retryBackoffMillis(), 2.0);
            backOff.setMaxInterval(Math.max(props.retryBackoffMillis(), props.retryBackoffMaxMillis()));
            container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        };
    }
}
