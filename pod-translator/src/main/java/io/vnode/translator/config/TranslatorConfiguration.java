package io.vnode.translator.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vnode.contracts.TraceLogging;
import io.vnode.translator.adapter.kafka.StreamBridgePublisher;
import io.vnode.translator.adapter.kube.EciProfileWatcher;
import io.vnode.translator.adapter.kube.Fabric8ConfigMapSizes;
import io.vnode.translator.adapter.kube.Fabric8PodManifests;
import io.vnode.contracts.TraceLogging;
import io.vnode.translator.app.ConfigMapSizes;
import io.vnode.translator.app.CurrentProfile;
import io.vnode.translator.app.EventPublisher;
import io.vnode.translator.app.Handling;
import io.vnode.translator.app.PodEventTranslator;
import io.vnode.translator.domain.EciProfile;
import io.vnode.translator.domain.OverridePolicy;
import io.vnode.translator.domain.SpecTable;
import io.vnode.translator.domain.TranslationContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Wiring: the {@code translate} consumer on {@code translate-in-0} (the pod lifecycle topic, group
 * pod-translator), the synchronous outputs, and the error handler that retries a record whose
 * outcome could not be published (broker down) without end, so nothing is lost.
 */
@Configuration(proxyBeanMethods = false)
public class TranslatorConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TranslatorConfiguration.class);

    @Bean
    TranslationContext translationContext(TranslatorProperties p, org.springframework.beans.factory.ObjectProvider<KubernetesClient> kube) {
        String dns = p.clusterDnsIp();
        if (dns.isBlank() && !p.clusterDnsService().isBlank() && kube.getIfAvailable() != null) {
            dns = io.vnode.translator.adapter.kube.ClusterDnsDiscovery.find(kube.getIfAvailable(), p.clusterDnsService()).orElse("");
            if (dns.isBlank()) {
                LOG.warn("no cluster DNS: Service {} not found (or headless, or not readable); ClusterFirst pods run as Default"
                        + " until vnode.translator.cluster-dns-ip is set or the translator restarts with the Service present", p.clusterDnsService());
            } else {
                LOG.info("cluster DNS {} (the ClusterIP of Service {}) for ClusterFirst pods", dns, p.clusterDnsService());
            }
        }
        return new TranslationContext(p.regionId(), null, EciProfile.empty(),
                p.eciSpecs().isEmpty() ? SpecTable.eciDefault() : SpecTable.parse(p.eciSpecs()),
                SpecTable.acsDefault(), p.defaultCpu(), p.defaultMemoryGib(), p.memoryGibPerCpu(),
                dns, p.clusterDomain(), OverridePolicy.of(p.allowedOverrides()),
                p.apiServer(System.getenv()));
    }

    @Bean
    CurrentProfile currentProfile(ProfileProperties p) {
        return new CurrentProfile(new EciProfile(p.vSwitchIds(), p.securityGroupId(), p.resourceGroupId())
                .withVSwitchZones(EciProfile.parseVSwitchZones(p.vSwitchZones())));
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * @param maxRecordBytes the producers' largest record: {@code max.request.size} as the binder's
     *     producer properties, else Spring Kafka's producer or common properties (which the binder
     *     merges) set it, else Kafka's default of 1 MiB
     */
    @Bean
    PodEventTranslator podEventTranslator(TranslationContext ctx, CurrentProfile profile, ConfigMapSizes configMaps,
            @Value("${spring.cloud.stream.kafka.binder.producer-properties.max.request.size:"
                    + "${spring.kafka.producer.properties.max.request.size:"
                    + "${spring.kafka.properties.max.request.size:1048576}}}") int maxRecordBytes,
            Clock clock) {
        return new PodEventTranslator(ctx, profile, new Fabric8PodManifests(), configMaps, maxRecordBytes, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    ConfigMapSizes configMapSizes(TranslatorProperties p, ObjectProvider<KubernetesClient> client) {
        return p.checkConfigMapSizes() ? new Fabric8ConfigMapSizes(client.getObject()) : ConfigMapSizes.none();
    }

    @Bean
    EventPublisher eventPublisher(StreamBridge bridge) {
        return new StreamBridgePublisher(bridge);
    }

    /**
     * Decides inside the handler what the record becomes ({@link PodEventTranslator#handle}, which
     * never throws): a command or rejection is published; a record that cannot be used goes to the
     * DLQ (and its pod, when known, gets its rejection) and the offset moves on. A publish failure
     * throws, so the record is retried and its offset is not committed.
     */
    @Bean
    Consumer<Message<byte[]>> translate(PodEventTranslator translator, EventPublisher publisher, TopicProperties topics) {
        return message -> {
            try (TraceLogging.Scope trace = TraceLogging.of(header(message, io.vnode.contracts.Headers.TRACEPARENT),
                    "translate " + header(message, io.vnode.contracts.Headers.EVENT_TYPE))) {
                try {
                    translateOne(message, translator, publisher, topics);
                } catch (RuntimeException e) {
                    trace.failed(e);
                    throw e;
                }
            }
        };
    }

    private static void translateOne(Message<byte[]> message, PodEventTranslator translator, EventPublisher publisher,
                                     TopicProperties topics) {
        Handling handling = translator.handle(message.getPayload());
        if (handling instanceof Handling.Publish p) {
            publisher.publish(p.outbound().output(), p.outbound().event());
            return;
        }
        Handling.DeadLetter dead = (Handling.DeadLetter) handling;
        Object topic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC);
        publisher.deadLetter(topic == null ? topics.podLifecycle() : topic.toString(), key(message),
                dead.keepPayload() ? message.getPayload() : new byte[0], passThrough(message), dead.reason());
        dead.tell().ifPresent(out -> publisher.publish(out.output(), out.event()));
    }

    @Bean
    DefaultErrorHandler translatorErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("${vnode.profile.watch-config-map:false} or ${vnode.translator.check-config-map-sizes:false}")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(@Value("${vnode.kube.master-url:}") String masterUrl) {
        Config config = masterUrl.isBlank() ? Config.autoConfigure(null)
                : new ConfigBuilder(Config.empty()).withMasterUrl(masterUrl).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Bean
    @ConditionalOnProperty(name = "vnode.profile.watch-config-map", havingValue = "true")
    EciProfileWatcher eciProfileWatcher(KubernetesClient client, ProfileProperties p, CurrentProfile profile) {
        return new EciProfileWatcher(client, p.configMapNamespace(), p.configMapName(), profile);
    }

    private static String key(Message<byte[]> m) {
        return header(m, KafkaHeaders.RECEIVED_KEY);
    }

    private static String header(Message<byte[]> m, String name) {
        Object v = m.getHeaders().get(name);
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v == null ? null : v.toString();
    }

    private static Map<String, byte[]> passThrough(Message<byte[]> m) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        for (String name : new String[] {io.vnode.contracts.Headers.TRACEPARENT, io.vnode.contracts.Headers.EVENT_TYPE}) {
            Object v = m.getHeaders().get(name);
            if (v instanceof byte[] b) {
                h.put(name, b);
            } else if (v != null) {
                h.put(name, v.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return h;
    }
}
