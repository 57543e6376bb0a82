package io.vnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Opt-in and opt-out objects: PodDisruptionBudgets, the topic hook Job, the eci-profile ConfigMap. */
class ChartOptionsTest {

    private static final List<String> TOPICS = List.of("vnode.pod.lifecycle.v1", "vnode.instance.commands.v1",
            "vnode.pod.rejections.v1", "vnode.instance.events.v1", "vnode.billing.usage.v1");

    @Test
    void noPodDisruptionBudgetUnlessEnabled() {
        assertThat(RenderedChart.defaults().all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void enabledPodDisruptionBudgetsCoverEachServiceSeparately() {
        RenderedChart chart = RenderedChart.render(Map.of("pdb.enabled", true));

        List<PodDisruptionBudget> pdbs = chart.all(PodDisruptionBudget.class);
        assertThat(pdbs).hasSize(4);
        for (String component : RenderedChart.SERVICES) {
            PodDisruptionBudget pdb = chart.get(PodDisruptionBudget.class, RenderedChart.RELEASE + "-" + component);
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(chart.deployment(component).getSpec().getSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", component);
        }
    }

    @Test
    void topicsAreCreatedByAPreInstallAndPreUpgradeHookJob() throws Exception {
        // helm-java leaves hooks out of `template`: the Job must not be an ordinary release object...
        assertThat(RenderedChart.defaults().all(Job.class)).isEmpty();
        assertThat(Files.readString(RenderedChart.chart().resolve("templates/kafka/topics-job.yaml")))
                .contains("helm.sh/hook: {{ ternary \"post-install,post-upgrade\" \"pre-install,pre-upgrade\"");

        // ...and rendered with its hook annotations renamed, it is this Job
        RenderedChart chart = RenderedChart.renderWithHooks(Map.of(
                "kafka.bootstrapServers", "broker:9092", "kafka.topics.partitions", 12,
                "kafka.topics.replicationFactor", 2));
        Job job = chart.get(Job.class, RenderedChart.RELEASE + "-kafka-topics");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry(RenderedChart.HOOK_PREFIX, "pre-install,pre-upgrade")
                .containsEntry(RenderedChart.HOOK_PREFIX + "-delete-policy", "before-hook-creation,hook-succeeded");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();

        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("apache/kafka:4.1.1");
        Map<String, EnvVar> env = RenderedChart.env(c);
        assertThat(env.get("BOOTSTRAP").getValue()).isEqualTo("broker:9092");
        assertThat(env.get("PARTITIONS").getValue()).isEqualTo("12");
        assertThat(env.get("REPLICATION_FACTOR").getValue()).isEqualTo("2");
        assertThat(env.get("MIN_INSYNC_REPLICAS").getValue()).isEqualTo("1");
        assertThat(env.get("DLQ_RETENTION_MS").getValue()).isEqualTo("1209600000");
        assertThat(env.get("TOPICS").getValue().split(" ")).containsExactlyElementsOf(TOPICS);
        String script = String.join("\n", c.getArgs());
        assertThat(script).contains("kafka-topics.sh", "--create", "--if-not-exists",
                "topic \"$t\"", "topic \"$t.dlq\" --config \"retention.ms=${DLQ_RETENTION_MS}\"",
                "--config \"min.insync.replicas=${MIN_INSYNC_REPLICAS}\"",
                // the replication factor is capped at the brokers that answer
                "kafka-broker-api-versions.sh", "REPLICATION_FACTOR=$brokers",
                // topics that exist already (upgrade) get the settings too
                "kafka-configs.sh", "--alter", "--add-config \"min.insync.replicas=${MIN_INSYNC_REPLICAS}");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    }

    @Test
    void withoutBootstrapServersTheReleaseRunsItsOwnKafkaAndTheTopicJobRunsAfterIt() {
        RenderedChart one = RenderedChart.renderWithHooks(Map.of("kafka.bootstrapServers", ""));
        io.fabric8.kubernetes.api.model.apps.StatefulSet kafka = one.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
                RenderedChart.RELEASE + "-kafka");
        assertThat(kafka.getSpec().getReplicas()).isEqualTo(1);
        assertThat(kafka.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(kafka.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(pvc -> assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("8Gi"));
        Container broker = kafka.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(broker.getImage()).isEqualTo("apache/kafka:4.1.1");
        Map<String, EnvVar> env = RenderedChart.env(broker);
        assertThat(env.get("KAFKA_PROCESS_ROLES").getValue()).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").getValue())
                .isEqualTo("0@" + RenderedChart.RELEASE + "-kafka-0." + RenderedChart.RELEASE + "-kafka-headless." + RenderedChart.NAMESPACE + ".svc:9093");
        assertThat(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR").getValue()).isEqualTo("1");
        assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS").getValue()).isEqualTo("1");
        assertThat(env.get("KAFKA_NUM_PARTITIONS").getValue()).isEqualTo("6");
        assertThat(env.get("CLUSTER_ID").getValue()).hasSize(22).matches("[A-Za-z0-9_-]{22}")
                .isEqualTo(RenderedChart.env(RenderedChart.renderWithHooks(Map.of("kafka.bootstrapServers", ""))
                        .get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, RenderedChart.RELEASE + "-kafka")
                        .getSpec().getTemplate().getSpec().getContainers().get(0)).get("CLUSTER_ID").getValue()); // stable
        for (String component : List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler")) {
            assertThat(RenderedChart.env(RenderedChart.pod(one.deployment(component)).getContainers().get(0)).get("KAFKA_BOOTSTRAP").getValue())
                    .isEqualTo(RenderedChart.RELEASE + "-kafka:9092");
        }
        Job job = one.get(Job.class, RenderedChart.RELEASE + "-kafka-topics");
        assertThat(job.getMetadata().getAnnotations()).containsEntry(RenderedChart.HOOK_PREFIX, "post-install,post-upgrade");

        RenderedChart three = RenderedChart.renderWithHooks(Map.of("kafka.bootstrapServers", "", "kafka.internal.replicas", 3));
        Map<String, EnvVar> env3 = RenderedChart.env(three.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
                RenderedChart.RELEASE + "-kafka").getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env3.get("KAFKA_CONTROLLER_QUORUM_VOTERS").getValue().split(",")).hasSize(3);
        assertThat(env3.get("KAFKA_DEFAULT_REPLICATION_FACTOR").getValue()).isEqualTo("3");
        assertThat(env3.get("KAFKA_MIN_INSYNC_REPLICAS").getValue()).isEqualTo("2");
        assertThat(three.find(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, RenderedChart.RELEASE + "-kafka")).isPresent();

        // bringing a Kafka: no StatefulSet; two brokers make no quorum
        assertThat(RenderedChart.renderWithHooks(Map.of("kafka.bootstrapServers", "broker:9092"))
                .find(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, RenderedChart.RELEASE + "-kafka")).isEmpty();
        assertThatThrownBy(() -> RenderedChart.renderWithHooks(Map.of("kafka.bootstrapServers", "", "kafka.internal.replicas", 2)))
                .hasMessageContaining("kafka.internal.replicas must be 1 or 3");
        assertThatThrownBy(() -> RenderedChart.renderWithHooks(Map.of("kafka.bootstrapServers", "", "kafka.internal.enabled", false)))
                .hasMessageContaining("kafka.bootstrapServers is required");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "3, '',  2",
            "5, '',  2",
            "2, '',  1",
            "1, '',  1",
            "3, 3,   3",
            "3, 1,   1"})
    void minInsyncReplicasFollowsTheReplicationFactor(int replicationFactor, String minInsync, String expected) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("kafka.topics.replicationFactor", replicationFactor));
        if (!minInsync.isEmpty()) {
            values.put("kafka.topics.minInsyncReplicas", Integer.parseInt(minInsync));
        }
        Job job = RenderedChart.renderWithHooks(values).get(Job.class, RenderedChart.RELEASE + "-kafka-topics");
        assertThat(RenderedChart.env(job.getSpec().getTemplate().getSpec().getContainers().get(0))
                .get("MIN_INSYNC_REPLICAS").getValue()).isEqualTo(expected);
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorFailsTheInstall() {
        assertThatThrownBy(() -> RenderedChart.renderWithHooks(Map.of(
                "kafka.topics.replicationFactor", 2, "kafka.topics.minInsyncReplicas", 3)))
                .hasMessageContaining("kafka.topics.minInsyncReplicas (3) must not exceed kafka.topics.replicationFactor (2)");
    }

    @Test
    void theTokenRenewalMaxAgeReachesTheExecutorAndABadOneFailsTheInstall() {
        Container executor = RenderedChart.render(Map.of("cloudExecutor.tokenRenewalMaxAge", "24h"))
                .deployment("cloud-executor").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(RenderedChart.env(executor).get("VNODE_WATCH_TOKENRENEWAL_MAXAGE").getValue()).isEqualTo("24h");
        Container byDefault = RenderedChart.render(Map.of())
                .deployment("cloud-executor").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(RenderedChart.env(byDefault)).doesNotContainKey("VNODE_WATCH_TOKENRENEWAL_MAXAGE");
        assertThatThrownBy(() -> RenderedChart.render(Map.of("cloudExecutor.tokenRenewalMaxAge", "one day")))
                .hasMessageContaining("cloudExecutor.tokenRenewalMaxAge must be a duration such as 24h or 90m, not \"one day\"");
    }

    @Test
    void theTopicJobCanBeTurnedOff() {
        RenderedChart chart = RenderedChart.renderWithHooks(Map.of("kafka.topics.create", false));
        assertThat(chart.find(Job.class, RenderedChart.RELEASE + "-kafka-topics")).isEmpty();
    }

    @Test
    void theTopicJobUsesTheSameKafkaSecurityAsTheServices() {
        RenderedChart chart = RenderedChart.renderWithHooks(Map.of(
                "kafka.tls.enabled", true, "kafka.tls.truststoreSecret", "kafka-ca",
                "kafka.sasl.enabled", true, "kafka.sasl.jaasSecret", "kafka-jaas"));

        Container c = chart.get(Job.class, RenderedChart.RELEASE + "-kafka-topics").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        Map<String, EnvVar> env = RenderedChart.env(c);
        assertThat(env.get("SECURITY_PROTOCOL").getValue()).isEqualTo("SASL_SSL");
        assertThat(env.get("SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-jaas");
        assertThat(env.get("TRUSTSTORE_LOCATION").getValue()).isEqualTo("/etc/vnode/kafka-tls/truststore.p12");
    }

    @Test
    void theEciProfileCarriesTheNetworkDefaultsAndSelectorsAndSurvivesUninstall() {
        RenderedChart chart = RenderedChart.render(Map.of(), """
                vSwitchIds: [vsw-1, vsw-2]
                securityGroupId: sg-1
                eciProfile:
                  selectors:
                    - name: batch
                      objectSelector: {matchLabels: {workload: batch}}
                """);

        ConfigMap profile = chart.get(ConfigMap.class, "eci-profile");
        assertThat(profile.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(profile.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(profile.getData())
                .containsEntry("vSwitchIds", "vsw-1,vsw-2")
                .containsEntry("securityGroupId", "sg-1")
                .containsEntry("selectors", "[{\"name\":\"batch\",\"objectSelector\":{\"matchLabels\":{\"workload\":\"batch\"}}}]");

        assertThat(RenderedChart.render(Map.of("eciProfile.create", false)).find(ConfigMap.class, "eci-profile")).isEmpty();
    }
}
