package io.vnode.agent.config;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.agent.adapter.cloud.AccessKeys;
import io.vnode.agent.adapter.cloud.CloudCredentialCheck;
import io.vnode.agent.adapter.cloud.CloudEndpointReachability;
import io.vnode.agent.adapter.cloud.EciContainerExec;
import io.vnode.agent.adapter.cloud.EciContainerLogs;
import io.vnode.agent.adapter.cloud.EciInstanceMetrics;
import io.vnode.agent.adapter.kafka.KafkaPodEventPublisher;
import io.vnode.agent.adapter.kafka.KafkaReachability;
import io.vnode.agent.adapter.kube.AdmissionWebhook;
import io.vnode.agent.adapter.kube.EciProfileSource;
import io.vnode.agent.adapter.kube.KubeAccessReviews;
import io.vnode.agent.adapter.kube.KubeLeaderElection;
import io.vnode.agent.adapter.kube.KubeNodeMarkers;
import io.vnode.agent.adapter.kube.KubePodNotices;
import io.vnode.agent.adapter.kube.KubeVirtualNodeApi;
import io.vnode.agent.adapter.kube.KubeletServer;
import io.vnode.agent.adapter.kube.LocalBinder;
import io.vnode.agent.adapter.kube.NamespaceCache;
import io.vnode.agent.adapter.kube.KubePlacementFacts;
import io.vnode.agent.adapter.kube.KubeResourcePolicies;
import io.vnode.agent.app.PolicyScheduler;
import io.vnode.agent.adapter.kube.PodInformers;
import io.vnode.agent.app.ContainerExec;
import io.vnode.agent.app.ContainerLogs;
import io.vnode.agent.app.LogFollows;
import io.vnode.agent.app.KubeletAuthorizer;
import io.vnode.agent.app.NodeHeartbeat;
import io.vnode.agent.app.PodLifecycleService;
import io.vnode.agent.app.ResourceUsage;
import io.vnode.agent.domain.LogPolling;
import io.vnode.agent.domain.NodeResources;
import io.vnode.agent.domain.NodeSystemInfo;
import io.vnode.agent.domain.PodLifecyclePolicy;
import io.vnode.agent.domain.VirtualNodeIdentity;
import io.vnode.agent.domain.VirtualNodeSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Wires the agent: Kubernetes client, the virtual nodes, informers, Kafka, heartbeat, webhook, binder. */
@Configuration(proxyBeanMethods = false)
public class AgentConfiguration {

    /** The virtual nodes this agent serves, one per configured zone. */
    public record VirtualNodes(List<VirtualNodeSpec> specs) {
        public List<String> names() {
            return specs.stream().map(VirtualNodeSpec::nodeName).toList();
        }

        public List<VirtualNodeIdentity> identities() {
            return specs.stream().map(VirtualNodeSpec::identity).toList();
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(AgentProperties props) {
        if (props.kube().masterUrl() == null || props.kube().masterUrl().isBlank()) {
            return new KubernetesClientBuilder().build();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(props.kube().masterUrl()).withTrustCerts(true).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Bean
    VirtualNodes virtualNodes(AgentProperties props) {
        AgentProperties.Node n = props.node();
        NodeResources resources = new NodeResources(n.cpu(), n.memory(), n.pods(), n.gpu(), n.ephemeralStorage());
        NodeSystemInfo info = new NodeSystemInfo(n.kubeletVersion(), null, n.internalIp(), n.kubeletPort());
        return new VirtualNodes(identities(props).stream().map(identity -> new VirtualNodeSpec(identity, resources, info)).toList());
    }

    /** One virtual node per zone, and one per GPU-HPN capacity reservation. */
    static List<VirtualNodeIdentity> identities(AgentProperties props) {
        java.util.stream.Stream<VirtualNodeIdentity> zones = props.zones().stream()
                .map(zone -> new VirtualNodeIdentity(props.regionId(), zone, null, null));
        java.util.stream.Stream<VirtualNodeIdentity> reserved = props.reservations().stream()
                .map(r -> new VirtualNodeIdentity(props.regionId(), r.zone(), null, null, r.id()));
        return java.util.stream.Stream.concat(zones, reserved).distinct().toList();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    NamespaceCache namespaceCache(KubernetesClient client) {
        return new NamespaceCache(client);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "vnode.webhook", name = "enabled", havingValue = "true", matchIfMissing = true)
    KubeResourcePolicies resourcePolicies(KubernetesClient client) {
        return new KubeResourcePolicies(client);
    }

    @Bean(destroyMethod = "close")
    EciProfileSource eciProfileSource(KubernetesClient client) {
        return new EciProfileSource(client, "kube-system", "eci-profile");
    }

    @Bean(destroyMethod = "close")
    KafkaPodEventPublisher kafkaPodEventPublisher(AgentProperties props, KafkaProperties kafka) {
        return new KafkaPodEventPublisher(producerProperties(kafka, props), props.kafka().topic(), Duration.ofSeconds(30));
    }

    @Bean
    PodLifecycleService podLifecycleService(KafkaPodEventPublisher publisher, NamespaceCache namespaces,
                                            KubernetesClient client, Clock clock, MeterRegistry meters, AgentProperties props) {
        // half the resync period: the resync after it republishes a pod that still has no instance
        return new PodLifecycleService(publisher, namespaces,
                pod -> PodInformers.manifestOf(client.getKubernetesSerialization(), pod), clock, meters,
                new KubePodNotices(client, clock), props.resyncPeriod().dividedBy(2));
    }

    @Bean(destroyMethod = "close")
    PodInformers podInformers(KubernetesClient client, VirtualNodes nodes, PodLifecycleService service, AgentProperties props) {
        return new PodInformers(client, nodes.names(), service, props.resyncPeriod());
    }

    @Bean(destroyMethod = "close")
    KafkaReachability kafkaReachability(AgentProperties props, KafkaProperties kafka) {
        return new KafkaReachability(adminProperties(kafka, props), props.health().timeout());
    }

    @Bean
    CloudEndpointReachability cloudEndpointReachability(AgentProperties props) {
        return new CloudEndpointReachability(props.cloudEndpoint(), props.health().timeout());
    }

    @Bean
    AccessKeys accessKeys(KubernetesClient client, AgentProperties props, Clock clock) {
        AgentProperties.Cloud cloud = props.cloud();
        AgentProperties.Credentials c = cloud.credentials();
        return new AccessKeys(client, new AccessKeys.Source(c.secretNamespace(), c.secretName(), c.accessKeyIdKey(),
                c.accessKeySecretKey(), c.ttl()), cloud.accessKeyId(), cloud.accessKeySecret(), clock);
    }

    @Bean
    CloudCredentialCheck cloudCredentialCheck(AccessKeys keys, AgentProperties props, Clock clock) {
        return new CloudCredentialCheck(keys, props.regionId(), props.cloudEndpoint(), props.cloud().protocol(),
                props.health().credentialInterval(), clock);
    }

    @Bean(destroyMethod = "close")
    KubeNodeMarkers nodeMarkers(KubernetesClient client, VirtualNodes nodes) {
        return new KubeNodeMarkers(client, nodes.names());
    }

    @Bean(destroyMethod = "close")
    NodeHeartbeat nodeHeartbeat(VirtualNodes nodes, KubernetesClient client, KafkaReachability kafka,
                                CloudEndpointReachability cloud, CloudCredentialCheck credentials, AgentProperties props, Clock clock,
                                KubeNodeMarkers markers) {
        AgentProperties.Node n = props.node();
        return new NodeHeartbeat(nodes.specs(), new KubeVirtualNodeApi(client, n.leaseNamespace()), kafka, cloud, credentials,
                n.renewInterval(), n.leaseDuration(), n.statusInterval(), props.health().interval(), clock, markers);
    }

    @Bean
    NodeAgentLifecycle nodeAgentLifecycle(NodeHeartbeat heartbeat, KubernetesClient client, AgentProperties props,
                                          PodLifecycleService pods, PodInformers informers) {
        AgentProperties.LeaderElection le = props.leaderElection();
        // one replica publishes bound pods: the heartbeat's leader, which observes every pod again when it takes over
        pods.publishBoundOnlyWhile(heartbeat::leading);
        Runnable lead = () -> {
            heartbeat.startLeading();
            informers.observeAll();
        };
        KubeLeaderElection election = le.enabled()
                ? new KubeLeaderElection(client, le.namespace(), le.name(), le.identity(), le.leaseDuration(),
                        le.renewDeadline(), le.retryPeriod(), lead, heartbeat::stopLeading)
                : null;
        return new NodeAgentLifecycle(heartbeat, lead, election, props.node().removeOnShutdown());
    }

    @Bean
    HealthIndicator virtualNodeHealthIndicator(NodeHeartbeat heartbeat, PodInformers informers) {
        return () -> {
            Health.Builder b = informers.synced() ? Health.up() : Health.outOfService();
            b.withDetail("leading", heartbeat.leading());
            if (heartbeat.health() != null) {
                b.withDetail("controlPathAvailable", heartbeat.health().controlPathAvailable()).withDetail("reason", heartbeat.health().reason());
            }
            return b.build();
        };
    }

    @Bean
    @ConditionalOnProperty(prefix = "vnode.webhook", name = "enabled", havingValue = "true", matchIfMissing = true)
    AdmissionWebhook admissionWebhook(KubernetesClient client, NamespaceCache namespaces, EciProfileSource profile,
                                      KubeResourcePolicies resourcePolicies) {
        return new AdmissionWebhook(client.getKubernetesSerialization(), namespaces, profile::selectors,
                new PolicyScheduler(resourcePolicies, new KubePlacementFacts(client)));
    }

    @Bean
    @ConditionalOnProperty(prefix = "vnode.webhook", name = "enabled", havingValue = "true", matchIfMissing = true)
    RouterFunction<ServerResponse> admissionRoutes(AdmissionWebhook webhook) {
        return webhook.routes();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "vnode.local-binder", name = "enabled", havingValue = "true")
    LocalBinder localBinder(KubernetesClient client, VirtualNodes nodes, AgentProperties props, NamespaceCache namespaces,
                            EciProfileSource profile) {
        return new LocalBinder(client, nodes.identities(), props.localBinder().mode(), props.localBinder().applyRouting(),
                namespaces, profile::selectors);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "vnode.kubelet", name = "enabled", havingValue = "true", matchIfMissing = true)
    KubeletServer kubeletServer(KubernetesClient client, VirtualNodes nodes, AgentProperties props, AccessKeys keys, Clock clock,
                                ObjectProvider<PodInformers> informers) {
        ContainerLogs logs = new EciContainerLogs(keys, props.regionId(), props.cloudEndpoint(), props.cloud().protocol());
        AgentProperties.Kubelet k = props.kubelet();
        int port = k.listenPort() != null ? k.listenPort() : nodes.specs().get(0).info().kubeletPort();
        KubeletAuthorizer authorizer = k.authorizationMode().equals("AlwaysAllow") ? null
                : new KubeletAuthorizer(new KubeAccessReviews(client), clock, k.authorizedCacheTtl(), k.unauthorizedCacheTtl());
        LogFollows follows = new LogFollows(logs, new LogPolling(k.logCallsPerMinute(), Duration.ofSeconds(1)), clock);
        ResourceUsage usage = new ResourceUsage(new EciInstanceMetrics(keys, props.regionId(), props.cloudEndpoint(),
                props.cloud().protocol()), () -> runningPods(informers.getIfAvailable()), clock, k.metricsMaxAge());
        ContainerExec exec = new EciContainerExec(keys, props.regionId(), props.cloudEndpoint(), props.cloud().protocol());
        return new KubeletServer(client, nodes.names(), follows, usage, exec, authorizer, port, k.certFile(), k.keyFile(),
                k.clientCaFile());
    }

    /** The pods on the virtual nodes that have an instance and have not ended. */
    private static List<ResourceUsage.RunningPod> runningPods(PodInformers informers) {
        if (informers == null) {
            return List.of();
        }
        List<ResourceUsage.RunningPod> out = new ArrayList<>();
        for (Pod p : informers.pods()) {
            String instance = PodLifecyclePolicy.instanceId(p);
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (instance != null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                String start = p.getStatus() == null ? null : p.getStatus().getStartTime();
                out.add(new ResourceUsage.RunningPod(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                        p.getMetadata().getUid(), instance, start == null ? null : Instant.parse(start)));
            }
        }
        return out;
    }

    /**
     * The agent's own producer takes every {@code spring.kafka.*} client setting (security.protocol, ssl.*,
     * sasl.*, {@code spring.kafka.properties.*}, {@code spring.kafka.producer.*}), as the binder's clients do,
     * with {@code vnode.kafka.bootstrap-servers} as its brokers.
     */
    static Map<String, Object> producerProperties(KafkaProperties kafka, AgentProperties props) {
        Map<String, Object> p = new HashMap<>(kafka.buildProducerProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, requireBootstrap(props));
        return p;
    }

    /** The health probe's AdminClient: {@code spring.kafka.*} and {@code spring.kafka.admin.*}, the agent's brokers. */
    static Map<String, Object> adminProperties(KafkaProperties kafka, AgentProperties props) {
        Map<String, Object> p = new HashMap<>(kafka.buildAdminProperties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, requireBootstrap(props));
        return p;
    }

    private static String requireBootstrap(AgentProperties props) {
        String b = props.kafka().bootstrapServers();
        if (b == null || b.isBlank()) {
            throw new IllegalStateException("vnode.kafka.bootstrap-servers (or spring.cloud.stream.kafka.binder.brokers) is not set");
        }
        return b;
    }
}
