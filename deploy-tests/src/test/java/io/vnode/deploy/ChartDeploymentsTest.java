package io.vnode.deploy;

import static io.vnode.deploy.RenderedChart.container;
import static io.vnode.deploy.RenderedChart.env;
import static io.vnode.deploy.RenderedChart.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The four Deployments: env wiring, Secrets by reference, probes, hardening, per-service values. */
class ChartDeploymentsTest {

    private static final RenderedChart CHART = RenderedChart.render(Map.of(), """
            regionId: cn-shanghai
            zones: [cn-shanghai-b, cn-shanghai-e]
            gpuHpnReservations:
              - {id: crp-1, zone: cn-shanghai-e}
            clusterId: c-test
            vSwitchIds: [vsw-b, vsw-e]
            securityGroupId: sg-test
            resourceGroupId: rg-test
            kafka:
              bootstrapServers: kafka-0.kafka:9092,kafka-1.kafka:9092
            """);

    /** No credentials.existingSecret (the required values name one). */
    private static final String NO_EXISTING_SECRET = "credentials:\n  existingSecret: \"\"\n";

    private static final Set<String> CREDENTIAL_USERS = Set.of("node-agent", "cloud-executor");

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void everyServiceGetsTheKafkaBootstrapServers(String component) {
        Map<String, EnvVar> env = env(container(CHART.deployment(component)));
        assertThat(env.get("KAFKA_BOOTSTRAP").getValue()).isEqualTo("kafka-0.kafka:9092,kafka-1.kafka:9092");
        assertThat(env).containsKey("JAVA_TOOL_OPTIONS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void everyServiceLogsJsonLinesByDefaultAndTextWhenAsked(String component) {
        assertThat(env(container(CHART.deployment(component))).get("LOGGING_STRUCTURED_FORMAT_CONSOLE").getValue()).isEqualTo("ecs");
        RenderedChart text = RenderedChart.render(Map.of("logFormat", "text"), "regionId: cn-shanghai\nclusterId: c-test\n"
                + "vSwitchIds: [vsw-b]\nsecurityGroupId: sg-test\n");
        assertThat(env(container(text.deployment(component)))).doesNotContainKey("LOGGING_STRUCTURED_FORMAT_CONSOLE");
    }

    @Test
    void anUnknownLogFormatFailsTheInstallNamingTheChoices() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of("logFormat", "xml"), "regionId: cn-shanghai\nclusterId: c-test\n"
                + "vSwitchIds: [vsw-b]\nsecurityGroupId: sg-test\n"))
                .hasMessageContaining("logFormat must be json or text, not \"xml\"");
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
            "node-agent,        VNODE_REGION_ID,          cn-shanghai",
            "node-agent,        VNODE_ZONES,              'cn-shanghai-b,cn-shanghai-e'",
            "node-agent,        VNODE_RESERVATIONS_0_ID,  crp-1",
            "node-agent,        VNODE_RESERVATIONS_0_ZONE, cn-shanghai-e",
            "node-agent,        VNODE_LEADERELECTION_NAMESPACE, kube-system",
            "node-agent,        VNODE_LOCALBINDER_ENABLED, false",
            "node-agent,        VNODE_CLOUD_PROTOCOL,     HTTPS",
            "pod-translator,    VNODE_REGION_ID,          cn-shanghai",
            "pod-translator,    VNODE_ALLOWED_OVERRIDES,  all",
            "pod-translator,    VNODE_VSWITCH_IDS,        'vsw-b,vsw-e'",
            "pod-translator,    VNODE_SECURITY_GROUP_ID,  sg-test",
            "pod-translator,    VNODE_RESOURCE_GROUP_ID,  rg-test",
            "pod-translator,    VNODE_PROFILE_WATCHCONFIGMAP, true",
            "cloud-executor,    VNODE_CLOUD_REGIONID,     cn-shanghai",
            "cloud-executor,    VNODE_CLOUD_CLUSTERID,    c-test",
            "cloud-executor,    VNODE_CLOUD_CREDENTIALS_SECRETNAMESPACE, kube-system",
            "cloud-executor,    VNODE_CLOUD_CREDENTIALS_SECRETNAME, alibaba-addon-secret",
            "cloud-executor,    VNODE_EXECUTOR_CONCURRENCY, 3",
    })
    void serviceSettingsComeFromTheUsersValues(String component, String name, String value) {
        assertThat(env(container(CHART.deployment(component))).get(name))
                .as("%s env %s", component, name).isNotNull()
                .extracting(EnvVar::getValue).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void theAccessKeyReachesOnlyTheServicesThatCallTheCloudAndOnlyBySecretKeyRef(String component) {
        Map<String, EnvVar> env = env(container(CHART.deployment(component)));
        long secretRefs = env.values().stream()
                .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null).count();
        if (CREDENTIAL_USERS.contains(component)) {
            assertThat(env.get("ALIBABA_CLOUD_ACCESS_KEY_ID").getValue()).isNull();
            assertThat(env.get("ALIBABA_CLOUD_ACCESS_KEY_ID").getValueFrom().getSecretKeyRef()).satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("alibaba-addon-secret");
                assertThat(ref.getKey()).isEqualTo("access-key-id");
            });
            assertThat(env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET").getValue()).isNull();
            assertThat(env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET").getValueFrom().getSecretKeyRef()).satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("alibaba-addon-secret");
                assertThat(ref.getKey()).isEqualTo("access-key-secret");
            });
            assertThat(secretRefs).isEqualTo(2);
        } else {
            assertThat(secretRefs).isZero();
            assertThat(env).doesNotContainKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        }
    }

    @Test
    void givenAccessKeyValuesLandInTheSecretAndNowhereElse() {
        String id = "LTAI5tLiteralKeyId";
        String secret = "literal-secret-value-9f8e7d";
        RenderedChart chart = RenderedChart.render(Map.of(
                "credentials.accessKeyId", id, "credentials.accessKeySecret", secret), NO_EXISTING_SECRET);

        Secret ak = chart.secret("alibaba-addon-secret").orElseThrow();
        assertThat(ak.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(decode(ak.getData().get("access-key-id"))).isEqualTo(id);
        assertThat(decode(ak.getData().get("access-key-secret"))).isEqualTo(secret);
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        chart.objects.stream().filter(o -> !(o instanceof Secret)).forEach(o -> assertThat(RenderedChart.toYaml(o))
                .as("%s %s", o.getKind(), o.getMetadata().getName())
                .doesNotContain(secret).doesNotContain(b64).doesNotContain(id));
    }

    @Test
    void anExistingSecretIsReferencedAndNoneIsCreated() {
        RenderedChart chart = RenderedChart.render(Map.of(
                "credentials.existingSecret", "my-ak",
                "credentials.accessKeyId", "ignored", "credentials.accessKeySecret", "ignored"));

        assertThat(chart.secret("alibaba-addon-secret")).isEmpty();
        for (String component : CREDENTIAL_USERS) {
            assertThat(env(container(chart.deployment(component))).get("ALIBABA_CLOUD_ACCESS_KEY_ID")
                    .getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-ak");
        }
        assertThat(env(container(chart.deployment("cloud-executor"))).get("VNODE_CLOUD_CREDENTIALS_SECRETNAME")
                .getValue()).isEqualTo("my-ak");
    }

    @Test
    void theSeedsAccessKeyParametersCreateTheSecret() {
        RenderedChart chart = RenderedChart.render(Map.of(
                "ECI_ACCESS_KEY", "LTAI5tSeedKeyId", "ECI_SECRET_KEY", "seed-secret-value"), NO_EXISTING_SECRET);
        Secret ak = chart.secret("alibaba-addon-secret").orElseThrow();
        assertThat(decode(ak.getData().get("access-key-id"))).isEqualTo("LTAI5tSeedKeyId");
        assertThat(decode(ak.getData().get("access-key-secret"))).isEqualTo("seed-secret-value");
    }

    @Test
    void withoutAnyAccessKeyTheInstallFailsNamingTheParameters() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of(), NO_EXISTING_SECRET))
                .hasMessageContaining("ECI_ACCESS_KEY and ECI_SECRET_KEY (or credentials.accessKeyId/accessKeySecret, or credentials.existingSecret");
        assertThatThrownBy(() -> RenderedChart.render(Map.of("ECI_ACCESS_KEY", "id"), NO_EXISTING_SECRET))
                .hasMessageContaining("ECI_SECRET_KEY (or credentials.accessKeySecret) is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void probesAskActuatorHealthGroups(String component) {
        Container c = container(CHART.deployment(component));
        String scheme = component.equals("node-agent") ? "HTTPS" : "HTTP";
        String port = component.equals("node-agent") ? "https" : "http";
        assertProbe(c.getLivenessProbe(), "/actuator/health/liveness", port, scheme);
        assertProbe(c.getReadinessProbe(), "/actuator/health/readiness", port, scheme);
        assertProbe(c.getStartupProbe(), "/actuator/health/liveness", port, scheme);
        assertThat(c.getPorts()).anyMatch(p -> p.getName().equals(port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void everyPodIsHardened(String component) {
        Deployment d = CHART.deployment(component);
        PodSpec pod = pod(d);
        PodSecurityContext psc = pod.getSecurityContext();
        assertThat(psc.getRunAsNonRoot()).isTrue();
        assertThat(psc.getRunAsUser()).isPositive();
        assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        SecurityContext sc = container(d).getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        VolumeMount tmp = container(d).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(tmp.getName());
            assertThat(v.getEmptyDir()).isNotNull();
        });
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(container(d).getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container(d).getResources().getLimits()).containsKey("memory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler"})
    void imagesDefaultToTheAppVersion(String component) {
        Container c = container(RenderedChart.defaults().deployment(component));
        assertThat(c.getImage()).isEqualTo("vnode/" + component + ":0.1.0");
        assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    }

    @ParameterizedTest
    @CsvSource({"node-agent, nodeAgent", "pod-translator, podTranslator", "cloud-executor, cloudExecutor",
            "status-reconciler, statusReconciler"})
    void perServiceValuesApplyToThatServiceOnly(String component, String key) {
        RenderedChart chart = RenderedChart.render(Map.of(), """
                %1$s:
                  replicas: 3
                  image: {repository: registry.example/vnode/%2$s, tag: "1.2.3", pullPolicy: Always}
                  resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}
                  nodeSelector: {pool: system}
                  tolerations: [{key: dedicated, operator: Equal, value: system, effect: NoSchedule}]
                  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [system]}]}]}}}
                  podAnnotations: {prometheus.io/scrape: "true"}
                  extraEnv: [{name: LOGGING_LEVEL_IO_VNODE, value: DEBUG}]
                imagePullSecrets: [{name: regcred}]
                """.formatted(key, component));

        Deployment d = chart.deployment(component);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        Container c = container(d);
        assertThat(c.getImage()).isEqualTo("registry.example/vnode/" + component + ":1.2.3");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
        assertThat(c.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(pod(d).getNodeSelector()).containsEntry("pool", "system");
        assertThat(pod(d).getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(pod(d).getAffinity().getNodeAffinity()).isNotNull();
        assertThat(pod(d).getImagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
        assertThat(env(c).get("LOGGING_LEVEL_IO_VNODE").getValue()).isEqualTo("DEBUG");

        for (String other : RenderedChart.SERVICES) {
            if (!other.equals(component)) {
                Deployment o = chart.deployment(other);
                assertThat(o.getSpec().getReplicas()).as(other).isNotEqualTo(3);
                assertThat(pod(o).getNodeSelector()).as(other).isNullOrEmpty();
                assertThat(container(o).getImage()).as(other).isEqualTo("vnode/" + other + ":0.1.0");
            }
        }
    }

    @Test
    void kafkaTlsAndSaslAreWiredFromSecretsIntoEveryService() {
        RenderedChart chart = RenderedChart.render(Map.of(
                "kafka.tls.enabled", true,
                "kafka.tls.truststoreSecret", "kafka-ca",
                "kafka.tls.truststorePasswordKey", "password",
                "kafka.sasl.enabled", true,
                "kafka.sasl.mechanism", "SCRAM-SHA-256",
                "kafka.sasl.jaasSecret", "kafka-jaas"));

        String prefix = "SPRING_KAFKA_PROPERTIES_";
        for (String component : RenderedChart.SERVICES) {
            Deployment d = chart.deployment(component);
            Map<String, EnvVar> env = env(container(d));
            assertThat(env.get(prefix + "SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
            assertThat(env.get(prefix + "SASL_MECHANISM").getValue()).isEqualTo("SCRAM-SHA-256");
            assertThat(env.get(prefix + "SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-jaas");
            assertThat(env.get(prefix + "SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
            assertThat(env.get(prefix + "SSL_TRUSTSTORE_LOCATION").getValue()).isEqualTo("/etc/vnode/kafka-tls/truststore.p12");
            assertThat(env.get(prefix + "SSL_TRUSTSTORE_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-ca");
            assertThat(pod(d).getVolumes()).anySatisfy(v -> assertThat(v.getSecret() != null
                    && "kafka-ca".equals(v.getSecret().getSecretName())).isTrue());
            assertThat(container(d).getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/vnode/kafka-tls"));
        }
    }

    @Test
    void plaintextKafkaNeedsNoSecurityEnv() {
        for (String component : RenderedChart.SERVICES) {
            assertThat(env(container(CHART.deployment(component))).keySet())
                    .noneMatch(k -> k.startsWith("SPRING_KAFKA_PROPERTIES_"));
        }
    }

    private static void assertProbe(Probe probe, String path, String port, String scheme) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(port);
        assertThat(probe.getHttpGet().getScheme()).isEqualTo(scheme);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
