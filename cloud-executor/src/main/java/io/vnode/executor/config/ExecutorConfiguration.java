package io.vnode.executor.config;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.executor.adapter.cloud.CloudCredentials;
import io.vnode.executor.adapter.cloud.CloudLimiters;
import io.vnode.executor.adapter.cloud.EciCloudClient;
import io.vnode.executor.adapter.kafka.KafkaCommandConsumer;
import io.vnode.executor.adapter.kafka.KafkaEventPublisher;
import io.vnode.executor.adapter.kube.ClusterIdentity;
import io.vnode.executor.adapter.kube.KubePods;
import io.vnode.executor.adapter.kube.KubeReferences;
import io.vnode.executor.adapter.kube.KubeWatchElection;
import io.vnode.executor.app.CommandHandler;
import io.vnode.executor.app.ExecutorWiring;
import io.vnode.executor.app.InstanceEvents;
import io.vnode.executor.app.InstanceWatcher;
import io.vnode.executor.app.KnownInstances;
import io.vnode.executor.app.RetryPolicy;
import io.vnode.executor.app.WatchPolicy;
import io.vnode.executor.domain.Backoff;
import io.vnode.executor.domain.Sequencer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.FixedBackOff;

/** Wires the adapters to the ports of the use cases, and the command consumer. */
@Configuration(proxyBeanMethods = false)
public class ExecutorConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(KubeProperties kube) {
        if (kube.masterUrl() == null || kube.masterUrl().isBlank()) {
            return new KubernetesClientBuilder().build();
        }
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(kube.masterUrl()).withTrustCerts(true).build())
                .build();
    }

    /** The value of the cluster tag, resolved once at start ({@link ClusterIdentity}). */
    @Bean
    ClusterId clusterId(KubernetesClient kube, CloudProperties cloud) {
        return new ClusterId(ClusterIdentity.resolve(kube, cloud.clusterId()));
    }

    @Bean
    CloudCredentials cloudCredentials(KubernetesClient kube, CloudProperties cloud, Clock clock) {
        return new CloudCredentials(kube, cloud.credentials(), System::getenv, clock);
    }

    @Bean
    CloudLimiters cloudLimiters(CloudProperties cloud, MeterRegistry meters) {
        return new CloudLimiters(cloud.quota(), meters);
    }

    @Bean(destroyMethod = "close")
    EciCloudClient eciCloudClient(CloudProperties cloud, ClusterId clusterId, CloudCredentials credentials,
                                  CloudLimiters limiters, MeterRegistry meters) {
        return new EciCloudClient(cloud.eciEndpoint(), clusterId.value(), credentials, limiters, meters);
    }

    @Bean(destroyMethod = "close")
    KafkaEventPublisher kafkaEventPublisher(@Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers,
                                            KafkaProperties kafka, ExecutorProperties executor) {
        return new KafkaEventPublisher(producerProperties(kafka, brokers), executor.eventsTopic());
    }

    /**
     * The executor's own producer takes every {@code spring.kafka.*} client setting (security.protocol,
     * ssl.*, sasl.* and the rest of {@code spring.kafka.properties.*}, {@code spring.kafka.producer.*}),
     * as the binder's clients do, with the binder's brokers.
     */
    static Map<String, Object> producerProperties(KafkaProperties kafka, String brokers) {
        Map<String, Object> p = new HashMap<>(kafka.buildProducerProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return p;
    }

    @Bean
    KubeReferences kubeReferences(KubernetesClient kube) {
        return new KubeReferences(kube);
    }

    @Bean
    KubePods kubePods(KubernetesClient kube) {
        return new KubePods(kube);
    }

    @Bean
    InstanceEvents instanceEvents(Clock clock) {
        return new InstanceEvents(new Sequencer(200_000), clock);
    }

    @Bean
    KnownInstances knownInstances() {
        return new KnownInstances();
    }

    @Bean
    ContextClosedShutdownSignal shutdownSignal() {
        return new ContextClosedShutdownSignal();
    }

    @Bean
    InstanceWatcher instanceWatcher(EciCloudClient cloud, KubePods pods, KafkaEventPublisher publisher,
                                    KnownInstances known, WatchProperties watch, CloudProperties props,
                                    ClusterId clusterId, InstanceEvents events, Clock clock, MeterRegistry meters,
                                    KubeReferences references) {
        WatchPolicy policy = new WatchPolicy(watch.enabled(), props.watchedRegions(), clusterId.value(),
                watch.pollInterval(), watch.resyncInterval(), watch.sweepEnabled(), watch.leaderElection().enabled());
        return new InstanceWatcher(cloud, pods, publisher, known, policy, events, clock, meters,
                watch.tokenRenewal().enabled() ? references : null, watch.tokenRenewal().maxAge());
    }

    /** The replica holding the Lease runs the instance watcher; the others stand by. */
    @Bean
    @ConditionalOnProperty(name = "vnode.watch.leader-election.enabled", havingValue = "true", matchIfMissing = true)
    KubeWatchElection watchElection(KubernetesClient kube, WatchProperties watch, InstanceWatcher watcher, MeterRegistry meters) {
        WatchProperties.LeaderElection e = watch.leaderElection();
        return new KubeWatchElection(kube, new KubeWatchElection.Lease(e.namespace(), e.name(), e.identityOrDefault(),
                e.leaseDuration(), e.renewDeadline(), e.retryPeriod()), watcher::start, watcher::stop, meters);
    }

    /** Binding instanceCommands-in-0: the commands topic, group cloud-executor. */
    @Bean
    Consumer<Message<byte[]>> instanceCommands(EciCloudClient cloud, KubeReferences references, KubePods pods,
                                               KafkaEventPublisher publisher, KnownInstances known,
                                               InstanceWatcher watcher, InstanceEvents events,
                                               ExecutorProperties executor, CloudProperties props,
                                               ContextClosedShutdownSignal shutdown, MeterRegistry meters, Clock clock) {
        CommandHandler handler = ExecutorWiring.commandHandler(cloud, references, pods, publisher, known, watcher,
                events, retryPolicy(executor.retry()), props.regionId(), shutdown, meters, clock);
        return new KafkaCommandConsumer(handler, publisher, executor.commandsTopic());
    }

    /** This cluster's tag value. */
    record ClusterId(String value) {
    }

    static RetryPolicy retryPolicy(ExecutorProperties.Retry r) {
        return new RetryPolicy(new Backoff(r.base(), r.cap(), r.jitter()), r.longWait(), r.maxHold(),
                r.noStockInterval(), r.podCheckInterval(), r.noStockMaxPause());
    }

    /**
     * The handler dead-letters what fails for good itself; what still escapes it is a failure to
     * publish to Kafka: retry the record (never skip it, never commit it) until the broker answers.
     */
    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryUnpublishedRecords() {
        return (container, destination, group) ->
                container.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(2000L, FixedBackOff.UNLIMITED_ATTEMPTS)));
    }
}
