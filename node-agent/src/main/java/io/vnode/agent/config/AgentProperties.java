package io.vnode.agent.config;

import io.vnode.contracts.Topics;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code vnode.*} property of node-agent (see README, configuration table).
 *
 * @param regionId the region of the virtual nodes, e.g. {@code cn-hangzhou}
 * @param zones one virtual node per zone, e.g. {@code cn-hangzhou-k}
 * @param resyncPeriod how often every pod on the nodes is looked at again (level-triggered republish)
 * @param reservations GPU-HPN capacity reservations, each a virtual node of its own labelled
 *     {@code alibabacloud.com/node-type: reserved} that takes only {@code compute-class: gpu-hpn} pods
 * @param mode {@code run} (the agent) or {@code uninstall} (the chart's pre-delete hook: no server, removes the
 *     virtual nodes' pods, then the nodes, and exits)
 */
@ConfigurationProperties(prefix = "vnode")
public record AgentProperties(
        String regionId,
        List<String> zones,
        Duration resyncPeriod,
        Node node,
        LeaderElection leaderElection,
        Kafka kafka,
        Health health,
        Cloud cloud,
        Kube kube,
        Webhook webhook,
        LocalBinder localBinder,
        Kubelet kubelet,
        String mode,
        Uninstall uninstall,
        List<Reservation> reservations) {

    /** A capacity reservation: its id and the zone it is in (a zone of {@code zones} or another one of the region). */
    public record Reservation(String id, String zone) {
        public Reservation {
            if (blank(id) || blank(zone)) {
                throw new IllegalArgumentException("vnode.reservations[]: each reservation needs an id and a zone (id=" + id + ", zone=" + zone + ")");
            }
        }
    }

    public AgentProperties {
        mode = blank(mode) ? "run" : mode;
        if (!mode.equals("run") && !mode.equals("uninstall")) {
            throw new IllegalArgumentException("vnode.mode must be run or uninstall, not " + mode);
        }
        uninstall = uninstall == null ? new Uninstall(null, null) : uninstall;
        reservations = reservations == null ? List.of() : List.copyOf(reservations);
        regionId = blank(regionId) ? "cn-hangzhou" : regionId;
        zones = zones == null || zones.isEmpty() ? List.of(regionId + "-k") : List.copyOf(zones);
        resyncPeriod = resyncPeriod == null ? Duration.ofMinutes(5) : resyncPeriod;
        node = node == null ? new Node(null, null, 0, null, null, null, null, 0, null, null, null, null, false) : node;
        leaderElection = leaderElection == null ? new LeaderElection(null, null, null, null, null, null, null) : leaderElection;
        kafka = kafka == null ? new Kafka(null, null) : kafka;
        health = health == null ? new Health(null, null, null) : health;
        cloud = cloud == null ? new Cloud(null, null, null, null, null) : cloud;
        kube = kube == null ? new Kube(null) : kube;
        webhook = webhook == null ? new Webhook(null) : webhook;
        localBinder = localBinder == null ? new LocalBinder(false, null, null) : localBinder;
        kubelet = kubelet == null ? new Kubelet(null, null, null, null, null, null, null, null, null, null) : kubelet;
    }

    /**
     * The virtual node objects.
     *
     * @param leaseDuration leaseDurationSeconds of the node's Lease in kube-node-lease
     * @param renewInterval how often the node Lease is renewed
     * @param statusInterval how often the node status is written when nothing changed
     */
    public record Node(String cpu, String memory, long pods, String gpu, String ephemeralStorage,
                       String kubeletVersion, String internalIp, int kubeletPort, String leaseNamespace,
                       Duration leaseDuration, Duration renewInterval, Duration statusInterval,
                       boolean removeOnShutdown) {
        public Node {
            leaseNamespace = blank(leaseNamespace) ? "kube-node-lease" : leaseNamespace;
            leaseDuration = leaseDuration == null ? Duration.ofSeconds(40) : leaseDuration;
            renewInterval = renewInterval == null ? Duration.ofSeconds(10) : renewInterval;
            statusInterval = statusInterval == null ? Duration.ofMinutes(1) : statusInterval;
        }
    }

    /** Which replica owns the node heartbeat: a coordination.k8s.io/v1 Lease {@code namespace/name}. */
    public record LeaderElection(Boolean enabled, String namespace, String name, String identity,
                                 Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public LeaderElection {
            enabled = enabled == null || enabled;
            namespace = blank(namespace) ? "kube-system" : namespace;
            name = blank(name) ? "vnode-node-agent" : name;
            identity = blank(identity) ? defaultIdentity() : identity;
            leaseDuration = leaseDuration == null ? Duration.ofSeconds(15) : leaseDuration;
            renewDeadline = renewDeadline == null ? Duration.ofSeconds(10) : renewDeadline;
            retryPeriod = retryPeriod == null ? Duration.ofSeconds(2) : retryPeriod;
        }

        private static String defaultIdentity() {
            String host = System.getenv("HOSTNAME");
            return (blank(host) ? "node-agent" : host) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /** @param bootstrapServers defaults to {@code spring.cloud.stream.kafka.binder.brokers} */
    public record Kafka(String bootstrapServers, String topic) {
        public Kafka {
            topic = blank(topic) ? Topics.POD_LIFECYCLE : topic;
        }
    }

    /**
     * @param interval how often Kafka and the cloud endpoint are probed
     * @param timeout how long one probe may take
     * @param credentialInterval how often the cloud is asked whether it accepts the AccessKey (one signed call)
     */
    public record Health(Duration interval, Duration timeout, Duration credentialInterval) {
        public Health {
            interval = interval == null ? Duration.ofSeconds(10) : interval;
            timeout = timeout == null ? Duration.ofSeconds(3) : timeout;
            credentialInterval = credentialInterval == null ? Duration.ofMinutes(1) : credentialInterval;
        }
    }

    /**
     * @param endpoint the cloud API endpoint ({@code host[:port]} or a URL); the agent probes it with a TCP
     *     connect and serves logs through it. Blank: {@code eci.<region>.aliyuncs.com}.
     * @param accessKeyId the AccessKey id used when the credentials Secret has none (from the environment)
     * @param accessKeySecret never logged
     * @param credentials the Secret the AccessKey is read from, and read again, so a rotated key is used without a restart
     */
    public record Cloud(String endpoint, String protocol, String accessKeyId, String accessKeySecret, Credentials credentials) {
        public Cloud {
            protocol = blank(protocol) ? "HTTPS" : protocol.toUpperCase(java.util.Locale.ROOT);
            credentials = credentials == null ? new Credentials(null, null, null, null, null) : credentials;
        }
    }

    /**
     * @param secretNamespace the Secret's namespace; {@code kube-system} as the cloud executor's
     * @param secretName {@code alibaba-addon-secret} as the cloud executor's; absent or unreadable: the
     *     configured {@code access-key-id}/{@code access-key-secret}
     * @param ttl how long a key read from the Secret is used before it is read again
     */
    public record Credentials(String secretNamespace, String secretName, String accessKeyIdKey, String accessKeySecretKey,
                              Duration ttl) {
        public Credentials {
            secretNamespace = blank(secretNamespace) ? "kube-system" : secretNamespace;
            secretName = blank(secretName) ? "alibaba-addon-secret" : secretName;
            accessKeyIdKey = blank(accessKeyIdKey) ? "access-key-id" : accessKeyIdKey;
            accessKeySecretKey = blank(accessKeySecretKey) ? "access-key-secret" : accessKeySecretKey;
            ttl = ttl == null ? Duration.ofSeconds(30) : ttl;
        }
    }

    /** @param masterUrl the API server; blank: in-cluster or kubeconfig discovery */
    public record Kube(String masterUrl) {
    }

    public record Webhook(Boolean enabled) {
        public Webhook {
            enabled = enabled == null || enabled;
        }
    }

    /**
     * Stands in for kube-scheduler in the local stack.
     *
     * @param mode {@code auto}: POST the Binding, and if the server did not bind (the CRUD test server
     *     stores it as a plain object) set spec.nodeName; {@code binding}; {@code patch}
     * @param applyRouting also route label/namespace/profile pods first, since no admission webhook runs
     *     in the local stack
     */
    public record LocalBinder(boolean enabled, String mode, Boolean applyRouting) {
        public LocalBinder {
            mode = blank(mode) ? "auto" : mode;
            applyRouting = applyRouting == null || applyRouting;
        }
    }

    /**
     * The kubelet API (container logs) the API server calls on the node's daemon endpoint.
     *
     * @param listenPort where it listens; defaults to {@code vnode.node.kubelet-port} (10250)
     * @param certFile PEM certificate; blank serves plain HTTP (tests only)
     * @param clientCaFile PEM CA of the API server's kubelet client certificate; set: client certs required
     * @param authorizationMode {@code Webhook} (default): every request is authorized by the API server
     *     (SubjectAccessReview, bearer tokens by TokenReview), as a kubelet does; {@code AlwaysAllow}: whoever
     *     reaches the port may read any log on the node
     * @param authorizedCacheTtl how long an allowed decision (and an accepted token) is kept
     * @param unauthorizedCacheTtl how long a denied decision (and a refused token) is kept
     * @param logCallsPerMinute DescribeContainerLog calls a minute the followed logs ({@code kubectl logs -f})
     *     of this agent share (default 300: the account's quota is 500 and one-shot reads use it too)
     * @param metricsMaxAge how long the pods' CPU and memory read from the cloud serve {@code /metrics/resource}
     *     and {@code /stats/summary} (default 10 s: metrics-server scrapes every 15 s)
     */
    public record Kubelet(Boolean enabled, Integer listenPort, String certFile, String keyFile, String clientCaFile,
                          String authorizationMode, Duration authorizedCacheTtl, Duration unauthorizedCacheTtl,
                          Integer logCallsPerMinute, Duration metricsMaxAge) {
        public Kubelet {
            enabled = enabled == null || enabled;
            authorizationMode = blank(authorizationMode) ? "Webhook" : authorizationMode;
            if (!authorizationMode.equals("Webhook") && !authorizationMode.equals("AlwaysAllow")) {
                throw new IllegalArgumentException("vnode.kubelet.authorization-mode must be Webhook or AlwaysAllow, not "
                        + authorizationMode);
            }
            authorizedCacheTtl = authorizedCacheTtl == null ? Duration.ofMinutes(5) : authorizedCacheTtl;
            unauthorizedCacheTtl = unauthorizedCacheTtl == null ? Duration.ofSeconds(30) : unauthorizedCacheTtl;
            logCallsPerMinute = logCallsPerMinute == null ? 300 : logCallsPerMinute;
            metricsMaxAge = metricsMaxAge == null ? Duration.ofSeconds(10) : metricsMaxAge;
        }
    }

    /**
     * The uninstall mode ({@code vnode.mode=uninstall}).
     *
     * @param timeout how long it waits for the pods on the virtual nodes to go before it gives up (exit 1)
     * @param pollInterval how often it looks at what is left
     */
    public record Uninstall(Duration timeout, Duration pollInterval) {
        public Uninstall {
            timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
            pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        }
    }

    public String cloudEndpoint() {
        return blank(cloud.endpoint()) ? "eci." + regionId + ".aliyuncs.com" : cloud.endpoint();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
