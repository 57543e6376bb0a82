package io.vnode.executor.it;

import static io.vnode.executor.it.World.await;
import static io.vnode.executor.it.World.create;
import static io.vnode.executor.it.World.pod;
import static io.vnode.executor.it.World.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Headers;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.Topics;
import io.vnode.contracts.instance.ConfigFileSource;
import io.vnode.contracts.instance.EnvVar;
import io.vnode.contracts.instance.InstanceCreateFailed;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.InstanceStatusChanged;
import io.vnode.contracts.instance.KeyToPath;
import io.vnode.contracts.instance.ObjectProjection;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.ValueRef;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.contracts.instance.VolumeType;
import io.vnode.emulator.EciEmulator;
import io.vnode.emulator.EmulatorSettings;
import io.vnode.emulator.InstanceView;
import io.vnode.emulator.Timing;
import io.vnode.executor.CloudExecutorApplication;
import io.vnode.executor.adapter.cloud.CloudCredentials;
import io.vnode.testsupport.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The executor against a real broker, the Kubernetes API and the ECI emulator (the SDK on the wire).
 * Every scenario brings its own pods, Secrets and ConfigMaps (unique names) and checks its own outcome,
 * so each runs alone or in any order; only the broker, the API server, the emulator and the executor
 * are shared.
 */
@SpringBootTest(classes = CloudExecutorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CloudExecutorIT {

    static final String CLUSTER = "it-main";
    static final String COMMANDS = KafkaBroker.uniqueTopic(Topics.INSTANCE_COMMANDS);
    static final String EVENTS = KafkaBroker.uniqueTopic(Topics.INSTANCE_EVENTS);
    static final EciEmulator EMULATOR = EciEmulator.start(EmulatorSettings.builder().timing(Timing.instant()).build());
    static final String DB_PASSWORD = "db-pw-7f3c9a1e5b";
    static final String REGISTRY_PASSWORD = "registry-pw-c41d8e2f";
    static final String CONFIG_SECRET = "config-secret-9b2e7d";
    static final String SIGNED_PASSWORD = "signed-pw-2a6d0e94";
    static final String WRONG_AK_SECRET = "wrong-ak-secret-51f0";
    static final String UNREFERENCED_PASSWORD = "unreferenced-pw-0c7e1b";
    static final String MALFORMED_TOKEN = "malformed-token-9d24af";

    @Autowired
    CloudCredentials credentials;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        World.topics(COMMANDS, EVENTS, World.dlq(COMMANDS));
        World.credentials(World.AK_ID, World.AK_SECRET);
        World.properties(EMULATOR, COMMANDS, EVENTS, CLUSTER).forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stop() {
        EMULATOR.close();
    }

    @Test
    void createRunDeleteScenario() {
        PodRef pod = pod("default");
        KafkaBroker.publish(COMMANDS, create(pod, CLUSTER));

        InstanceCreated created = await(EVENTS, InstanceCreated.class, pod);
        assertThat(created.instanceId()).startsWith("eci-");
        assertThat(created.clientToken()).isEqualTo(pod.uid());
        assertThat(created.spec().name()).isEqualTo("1-2Gi");
        assertThat(created.zoneId()).startsWith("cn-hangzhou-");
        assertThat(created.requestId()).isNotBlank();
        assertThat(created.traceparent()).isNotBlank();
        assertThat(instancesOf(pod)).isEqualTo(1);

        // the status the reconciler applies after InstanceCreated: Running with a sequence above it (the watcher may
        // also have published one before the create's event, by the cluster tag; that one is stale by design)
        InstanceStatusChanged running = await(EVENTS, InstanceStatusChanged.class, pod,
                e -> e.status().equals("Running") && e.sequence() > created.sequence(), Duration.ofSeconds(30));
        assertThat(running.instanceId()).isEqualTo(created.instanceId());
        assertThat(running.intranetIp()).isNotBlank();
        assertThat(running.containers()).extracting(c -> c.current().state()).containsExactly("Running");

        // nothing changes any more: further polls and full resyncs publish nothing for this pod
        long statusEvents = statusEventsOf(pod);
        double passes = sweepPasses();
        await().atMost(Duration.ofSeconds(20)).until(() -> sweepPasses() >= passes + 2);
        assertThat(statusEventsOf(pod)).isEqualTo(statusEvents);

        KafkaBroker.publish(COMMANDS, World.delete(pod, created.instanceId(), true));
        InstanceDeleted deleted = await(EVENTS, InstanceDeleted.class, pod);
        assertThat(deleted.reason()).isEqualTo(InstanceDeleted.REASON_DELETED);
        assertThat(deleted.instanceId()).isEqualTo(created.instanceId());
        assertThat(EMULATOR.admin().instance(created.instanceId()))
                .map(InstanceView::status).isEmpty();

        // the same delete again (a redelivery): the cloud answers NotFound, which is success
        long notFoundBefore = notFoundDeletes();
        KafkaBroker.publish(COMMANDS, World.delete(pod, created.instanceId(), true));
        assertThat(awaitEvents(InstanceDeleted.class, pod, 2)).extracting(InstanceDeleted::instanceId).containsOnly(created.instanceId());
        assertThat(notFoundDeletes()).isEqualTo(notFoundBefore + 1);
    }

    @Test
    void aDuplicateCreateReusesTheInstance() {
        PodRef pod = pod("default");
        KafkaBroker.publish(COMMANDS, create(pod, CLUSTER));
        String first = await(EVENTS, InstanceCreated.class, pod).instanceId();

        KafkaBroker.publish(COMMANDS, create(pod, CLUSTER)); // a redelivery
        assertThat(awaitEvents(InstanceCreated.class, pod, 2)).extracting(InstanceCreated::instanceId).containsOnly(first);
        assertThat(instancesOf(pod)).isEqualTo(1);
    }

    @Test
    void noStockForTheFirstSpecFallsBackToTheSecond() {
        EMULATOR.admin().setNoStock("2-4Gi", true);
        try {
            PodRef pod = pod("default");
            KafkaBroker.publish(COMMANDS, create(pod, request(pod, CLUSTER,
                    List.of(InstanceSpec.ofCpuMemory(2, 4, null), InstanceSpec.ofCpuMemory(4, 8, null)), null, null, null)));
            InstanceCreated created = await(EVENTS, InstanceCreated.class, pod);
            assertThat(created.spec().name()).isEqualTo("4-8Gi");
            assertThat(EMULATOR.admin().instance(created.instanceId())).get()
                    .extracting(InstanceView::spec).isEqualTo("4-8Gi");
            assertThat(instancesOf(pod)).isEqualTo(1);
        } finally {
            EMULATOR.admin().setNoStock("2-4Gi", false);
        }
    }

    @Test
    void allSpecsOutOfStockIsARetryableFailureAndThePodGoneGetsNoInstance() {
        PodRef starved = pod("default");
        EMULATOR.admin().setNoStock("8-16Gi", true);
        try {
            KafkaBroker.publish(COMMANDS, create(starved, request(starved, CLUSTER,
                    List.of(InstanceSpec.ofCpuMemory(8, 16, null)), null, null, null)));
            InstanceCreateFailed failed = await(EVENTS, InstanceCreateFailed.class, starved);
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.code()).isEqualTo("ContainerGroup.NoStock");
            assertThat(failed.attemptedSpecs()).containsExactly("8-16Gi");
            World.deletePod(starved); // the executor stops retrying at its next pod check
        } finally {
            EMULATOR.admin().setNoStock("8-16Gi", false);
        }

        // the pod's delete command is keyed like its create: it runs once the create has given up
        KafkaBroker.publish(COMMANDS, World.delete(starved, null, true));
        InstanceDeleted deleted = await(EVENTS, InstanceDeleted.class, starved);
        assertThat(deleted.instanceId()).as("no instance was ever tagged with the pod").isNull();
        assertThat(World.find(World.readAll(EVENTS), InstanceCreated.class, starved, e -> true)).isEmpty();
        assertThat(instancesOf(starved)).isZero();
    }

    @Test
    void failFastPodFailsOnNoStockWithoutRetry() {
        EMULATOR.admin().setNoStock("12-24Gi", true);
        EMULATOR.admin().setNoStock("16-32Gi", true);
        try {
            PodRef pod = pod("default", Map.of(Keys.ECI_FAIL_STRATEGY, "fail-fast"));
            KafkaBroker.publish(COMMANDS, create(pod, request(pod, CLUSTER,
                    List.of(InstanceSpec.ofCpuMemory(12, 24, null), InstanceSpec.ofCpuMemory(16, 32, null)), null, null, null)));
            InstanceCreateFailed failed = await(EVENTS, InstanceCreateFailed.class, pod);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.code()).isEqualTo("ContainerGroup.NoStock");
            assertThat(failed.message()).contains("out of stock").contains("fail-fast");
            assertThat(failed.attemptedSpecs()).containsExactly("12-24Gi", "16-32Gi");
            assertThat(instancesOf(pod)).isZero();
        } finally {
            EMULATOR.admin().setNoStock("12-24Gi", false);
            EMULATOR.admin().setNoStock("16-32Gi", false);
        }
    }

    @Test
    void failBackRetriesTheSameSpecInPlaceUntilItIsInStock() {
        EMULATOR.admin().setNoStock("24-48Gi", true);
        PodRef pod = pod("default", Map.of(Keys.ECI_FAIL_STRATEGY, "fail-back"));
        try {
            KafkaBroker.publish(COMMANDS, create(pod, request(pod, CLUSTER,
                    List.of(InstanceSpec.ofCpuMemory(24, 48, null), InstanceSpec.ofCpuMemory(2, 8, null)), null, null, null)));
            InstanceCreateFailed waiting = await(EVENTS, InstanceCreateFailed.class, pod);
            assertThat(waiting.retryable()).isTrue();
            assertThat(waiting.attemptedSpecs()).as("fail-back never moves to the second spec").containsExactly("24-48Gi");
            assertThat(waiting.message()).contains("fail-back: retrying the same spec");
            assertThat(instancesOf(pod)).isZero();
        } finally {
            EMULATOR.admin().setNoStock("24-48Gi", false);
        }
        InstanceCreated created = await(EVENTS, InstanceCreated.class, pod);
        assertThat(created.spec().name()).isEqualTo("24-48Gi");
        assertThat(instancesOf(pod)).isEqualTo(1);
    }

    @Test
    void aPodPastItsMaxPendingMinuteFailsAndIsNotRetried() {
        EMULATOR.admin().setNoStock("32-64Gi", true);
        try {
            PodRef pod = pod("default");
            InstanceRequest r = request(pod, CLUSTER, List.of(InstanceSpec.ofCpuMemory(32, 64, null)), null, null, null);
            r = new InstanceRequest(r.computeType(), r.regionId(), r.containerGroupName(), r.clientToken(), r.specs(),
                    r.vSwitchIds(), r.securityGroupId(), r.resourceGroupId(), r.zoneId(), r.computeClass(), r.computeQos(),
                    r.gpuModelSeries(), r.ephemeralStorageGiB(), r.restartPolicy(), r.activeDeadlineSeconds(),
                    r.terminationGracePeriodSeconds(), r.dnsPolicy(), r.dnsConfig(), r.hostAliases(), r.hostName(),
                    r.containers(), r.initContainers(), r.volumes(), r.imagePullSecrets(), r.tags(),
                    Map.of("MaxPendingMinute", "10"));
            // first taken 11 minutes ago (the command re-queued since keeps its time)
            KafkaBroker.publish(COMMANDS, create(pod, r, Instant.now().minus(Duration.ofMinutes(11))));
            InstanceCreateFailed failed = await(EVENTS, InstanceCreateFailed.class, pod);
            assertThat(failed.retryable()).isFalse();
            assertThat(failed.code()).isEqualTo(InstanceCreateFailed.CODE_MAX_PENDING_EXCEEDED);
            assertThat(failed.message()).contains("eci-max-pending-minute (10 min)").contains("ContainerGroup.NoStock");
            // not retried: no further event for the pod over several no-stock pauses (2 s each here)
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> World.readAll(EVENTS).stream().filter(rec -> pod.uid().equals(rec.key())).count() == 1);
        } finally {
            EMULATOR.admin().setNoStock("32-64Gi", false);
        }
    }

    @Test
    void referencesAreResolvedJustBeforeTheCallAndAMissingOneIsWaitedFor() {
        String db = unique("db");
        String conf = unique("app-conf");
        String pull = unique("pull");
        World.K8S.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(db)
                .withNamespace("default").endMetadata().addToStringData("password", DB_PASSWORD).build()).create();
        World.K8S.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName(conf)
                .withNamespace("default").endMetadata().addToData("app.properties", "mode=" + CONFIG_SECRET).build()).create();
        String dockerConfig = "{\"auths\":{\"registry.example.com\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(("robot:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\"}}}";
        World.K8S.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(pull)
                .withNamespace("default").endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", Base64.getEncoder().encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8)))
                .build()).create();

        PodRef pod = pod("default", db, pull);
        List<EnvVar> env = List.of(new EnvVar("DB_PASSWORD", null, null,
                new ValueRef(RefKind.SECRET, "default", db, "password", false)));
        List<VolumeSpec> volumes = List.of(new VolumeSpec("conf", VolumeType.CONFIG_FILE, null, null,
                new ConfigFileSource(420, List.of(new ObjectProjection(new ObjectRef(RefKind.CONFIG_MAP, "default", conf, false),
                        List.of(new KeyToPath("app.properties", "app.properties", null)))), null)));
        List<ObjectRef> pullSecrets = List.of(new ObjectRef(RefKind.SECRET, "default", pull, false));
        KafkaBroker.publish(COMMANDS, create(pod, request(pod, CLUSTER, List.of(InstanceSpec.ofCpuMemory(1, 2, null)),
                env, volumes, pullSecrets)));
        assertThat(await(EVENTS, InstanceCreated.class, pod).instanceId()).startsWith("eci-");
        assertThat(instancesOf(pod)).isEqualTo(1);

        String absent = unique("absent");
        PodRef broken = pod("default", absent);
        KafkaBroker.publish(COMMANDS, create(broken, request(broken, CLUSTER, List.of(InstanceSpec.ofCpuMemory(1, 2, null)),
                List.of(new EnvVar("TOKEN", null, null, new ValueRef(RefKind.SECRET, "default", absent, "token", false))),
                null, null)));
        InstanceCreateFailed waiting = await(EVENTS, InstanceCreateFailed.class, broken);
        assertThat(waiting.retryable()).isTrue();
        assertThat(waiting.code()).isEqualTo(InstanceCreateFailed.CODE_CONFIG_ERROR);
        assertThat(waiting.message()).isEqualTo("secret \"" + absent + "\" not found (container main, env TOKEN)");
        assertThat(instancesOf(broken)).isZero();
        World.K8S.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(absent)
                .withNamespace("default").endMetadata().addToStringData("token", "late-token").build()).create();
        assertThat(await(EVENTS, InstanceCreated.class, broken).instanceId()).startsWith("eci-");
        assertThat(instancesOf(broken)).isEqualTo(1);

        assertNoTopicCarries(List.of(pod, broken), DB_PASSWORD, REGISTRY_PASSWORD, CONFIG_SECRET,
                Base64.getEncoder().encodeToString(("mode=" + CONFIG_SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlySecretsThePodReferencesInItsNamespaceAreReadAndABadPullSecretIsNamedNotQuoted() {
        String ours = unique("ours");
        String notReferenced = unique("not-referenced");
        String malformed = unique("malformed-pull");
        for (String name : List.of(ours, notReferenced)) {
            World.K8S.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(name)
                    .withNamespace("default").endMetadata().addToStringData("password", UNREFERENCED_PASSWORD).build()).create();
        }
        World.K8S.secrets().inNamespace("kube-system").resource(new SecretBuilder().withNewMetadata().withName(ours)
                .withNamespace("kube-system").endMetadata().addToStringData("password", UNREFERENCED_PASSWORD).build()).create();
        World.K8S.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(malformed)
                .withNamespace("default").endMetadata().withType("kubernetes.io/dockerconfigjson")
                .addToData(".dockerconfigjson", Base64.getEncoder().encodeToString(
                        ("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + MALFORMED_TOKEN).getBytes(StandardCharsets.UTF_8)))
                .build()).create();

        // a Secret the pod does not reference, and one of the pod's name in another namespace: neither is read
        PodRef pod = pod("default", ours);
        KafkaBroker.publish(COMMANDS, create(pod, request(pod, CLUSTER, List.of(InstanceSpec.ofCpuMemory(1, 2, null)),
                List.of(secretEnv("A", "default", notReferenced), secretEnv("B", "kube-system", ours)), null, null)));
        InstanceCreateFailed refused = await(EVENTS, InstanceCreateFailed.class, pod);
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.code()).isEqualTo("ReferenceNotUsable");
        assertThat(refused.message()).contains("Secret default/" + notReferenced + " not read: pod default/" + pod.name()
                + " does not reference it", "Secret kube-system/" + ours + " not read: it is not in the namespace");
        assertThat(instancesOf(pod)).isZero();

        // a referenced pull secret that is not valid JSON: named, never quoted
        PodRef pulling = pod("default", malformed);
        KafkaBroker.publish(COMMANDS, create(pulling, request(pulling, CLUSTER, List.of(InstanceSpec.ofCpuMemory(1, 2, null)),
                null, null, List.of(new ObjectRef(RefKind.SECRET, "default", malformed, false)))));
        InstanceCreateFailed bad = await(EVENTS, InstanceCreateFailed.class, pulling);
        assertThat(bad.retryable()).isFalse();
        assertThat(bad.code()).isEqualTo("ReferenceNotUsable");
        assertThat(bad.message()).isEqualTo("imagePullSecret default/" + malformed + ": .dockerconfigjson is not valid JSON");
        assertThat(instancesOf(pulling)).isZero();

        assertNoTopicCarries(List.of(pod, pulling), UNREFERENCED_PASSWORD, MALFORMED_TOKEN);
    }

    private static EnvVar secretEnv(String name, String namespace, String secret) {
        return new EnvVar(name, null, null, new ValueRef(RefKind.SECRET, namespace, secret, "password", false));
    }

    @Test
    void aRefusalWithoutAnErrorCodeReachesThePodWithItsHttpStatus() {
        String big = unique("big-conf");
        World.K8S.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName(big)
                .withNamespace("default").endMetadata().addToData("big.txt", "x".repeat(200_000)).build()).create();
        PodRef pod = pod("default");
        List<VolumeSpec> volumes = List.of(new VolumeSpec("big", VolumeType.CONFIG_FILE, null, null,
                new ConfigFileSource(420, List.of(new ObjectProjection(new ObjectRef(RefKind.CONFIG_MAP, "default", big, false),
                        List.of(new KeyToPath("big.txt", "big.txt", null)))), null)));
        KafkaBroker.publish(COMMANDS, create(pod, request(pod, CLUSTER, List.of(InstanceSpec.ofCpuMemory(1, 2, null)),
                null, volumes, null)));

        // the emulator's front end refuses a request body this large (HTTP 413) before the API sees it: no error code
        InstanceCreateFailed failed = await(EVENTS, InstanceCreateFailed.class, pod);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.code()).matches("HTTP4\\d\\d");
        assertThat(failed.message()).startsWith("the cloud answered HTTP " + failed.code().substring(4) + " without an error code")
                .doesNotContain("null");
        assertThat(instancesOf(pod)).isZero();
    }

    @Test
    void poisonCommandLandsInTheDlqAndTheNextIsExecuted() {
        String poisonKey = unique("poison");
        KafkaBroker.publishRaw(COMMANDS, poisonKey, "{not json".getBytes(StandardCharsets.UTF_8));
        PodRef pod = pod("default");
        KafkaBroker.publish(COMMANDS, create(pod, CLUSTER));

        List<ConsumerRecord<String, byte[]>> dead = KafkaBroker.readUntil(World.dlq(COMMANDS),
                rs -> rs.stream().anyMatch(r -> poisonKey.equals(r.key())), Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> poison = dead.stream().filter(r -> poisonKey.equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(poison.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(poison, Headers.DLQ_ORIGINAL_TOPIC)).isEqualTo(COMMANDS);
        assertThat(header(poison, Headers.DLQ_REASON)).contains("EventDecodingException");
        assertThat(await(EVENTS, InstanceCreated.class, pod).instanceId()).startsWith("eci-");
    }

    @Test
    void orphanSweepDeletesOnlyTrueOrphansAndReportsVanishedInstances() throws Exception {
        PodRef live = pod("default");
        KafkaBroker.publish(COMMANDS, create(live, CLUSTER));
        String liveInstance = await(EVENTS, InstanceCreated.class, live).instanceId();

        PodRef gone = new PodRef("default", "gone-pod", unique("uid-gone"));
        String orphan = World.directCreate(EMULATOR, Map.of(Keys.TAG_CLUSTER_ID, CLUSTER, Keys.TAG_POD_UID, gone.uid(),
                Keys.TAG_POD_NAMESPACE, gone.namespace(), Keys.TAG_POD_NAME, gone.name(), Keys.TAG_VIRTUAL_NODE, World.VNODE));
        String untagged = World.directCreate(EMULATOR, Map.of(Keys.TAG_CLUSTER_ID, CLUSTER));
        String foreign = World.directCreate(EMULATOR, Map.of(Keys.TAG_CLUSTER_ID, "another-cluster",
                Keys.TAG_POD_UID, unique("uid-foreign")));

        InstanceDeleted swept = await(EVENTS, InstanceDeleted.class, gone, e -> true, Duration.ofSeconds(30));
        assertThat(swept.reason()).isEqualTo(InstanceDeleted.REASON_ORPHAN_SWEPT);
        assertThat(swept.instanceId()).isEqualTo(orphan);
        double passes = sweepPasses();
        await().atMost(Duration.ofSeconds(20)).until(() -> sweepPasses() >= passes + 2);
        Set<String> ids = EMULATOR.admin().instances().stream().map(InstanceView::id).collect(Collectors.toSet());
        assertThat(ids).doesNotContain(orphan).contains(liveInstance, untagged, foreign);

        // the live pod's instance disappears behind our back: the pod is told, once
        World.directDelete(EMULATOR, liveInstance);
        InstanceDeleted vanished = await(EVENTS, InstanceDeleted.class, live,
                e -> e.reason().equals(InstanceDeleted.REASON_VANISHED), Duration.ofSeconds(30));
        assertThat(vanished.instanceId()).isEqualTo(liveInstance);
    }

    @Test
    void refusedCredentialsHoldTheCreateWithAReadableReasonAndTheRotatedKeyCreatesIt() {
        String signed = unique("signed");
        World.K8S.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName(signed)
                .withNamespace("default").endMetadata().addToStringData("password", SIGNED_PASSWORD).build()).create();
        PodRef pod = pod("default", signed);
        World.credentials(World.AK_ID, WRONG_AK_SECRET);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> credentials.current()
                    .map(k -> k.secret().equals(WRONG_AK_SECRET)).orElse(false));
            // the request carries a Secret value: the cloud's answer echoes the string to sign, which must not leak
            KafkaBroker.publish(COMMANDS, create(pod, request(pod, CLUSTER, List.of(InstanceSpec.ofCpuMemory(1, 2, null)),
                    List.of(new EnvVar("DB_PASSWORD", null, null, new ValueRef(RefKind.SECRET, "default", signed, "password", false))),
                    null, null)));
            InstanceCreateFailed waiting = await(EVENTS, InstanceCreateFailed.class, pod);
            assertThat(waiting.retryable()).as("the account's trouble never fails the pod").isTrue();
            assertThat(waiting.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(waiting.message()).contains("still retrying", "refused the AccessKey");
        } finally {
            World.credentials(World.AK_ID, World.AK_SECRET);
        }
        // the key is rotated in the Secret: the same create goes through, without a restart
        InstanceCreated created = await(EVENTS, InstanceCreated.class, pod);
        assertThat(created.instanceId()).startsWith("eci-");
        assertThat(instancesOf(pod)).isEqualTo(1);
        assertThat(World.find(World.readAll(EVENTS), InstanceCreateFailed.class, pod, f -> !f.retryable())).isEmpty();

        assertNoTopicCarries(List.of(pod), SIGNED_PASSWORD, WRONG_AK_SECRET, World.AK_SECRET);
    }

    /**
     * Scans every record and header of every topic of the broker for the secret values; the scan must
     * have read the records of {@code pods}.
     */
    private static void assertNoTopicCarries(List<PodRef> pods, String... secrets) {
        Set<String> topics;
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            topics = admin.listTopics().names().get();
        } catch (Exception e) {
            throw new AssertionError("cannot list the topics", e);
        }
        assertThat(topics).contains(COMMANDS, EVENTS);
        Set<String> keysScanned = new HashSet<>();
        for (String topic : topics) {
            for (ConsumerRecord<String, byte[]> r : World.readAll(topic)) {
                keysScanned.add(r.key());
                StringBuilder text = new StringBuilder(String.valueOf(r.key()));
                if (r.value() != null) {
                    text.append(new String(r.value(), StandardCharsets.UTF_8));
                }
                for (Header h : r.headers()) {
                    text.append(h.key()).append(new String(h.value(), StandardCharsets.UTF_8));
                }
                for (String secret : secrets) {
                    assertThat(text.toString()).as("record %s/%d@%d", topic, r.partition(), r.offset()).doesNotContain(secret);
                }
            }
        }
        assertThat(keysScanned).containsAll(pods.stream().map(PodRef::uid).toList());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** How many instances of the emulator carry the pod's uid tag. */
    private static long instancesOf(PodRef pod) {
        return EMULATOR.admin().instanceCountByTag(Keys.TAG_POD_UID).getOrDefault(pod.uid(), 0L);
    }

    /** The first {@code n} events of {@code type} for {@code pod} on the events topic, once there are that many. */
    private static <T extends InstanceEvent> List<T> awaitEvents(Class<T> type, PodRef pod, int n) {
        List<T> found = new ArrayList<>();
        KafkaBroker.readUntil(EVENTS, rs -> {
            found.clear();
            World.events(rs).stream().filter(type::isInstance).map(type::cast).filter(e -> e.pod().uid().equals(pod.uid()))
                    .forEach(found::add);
            return found.size() >= n;
        }, Duration.ofSeconds(30));
        return found;
    }

    private static long notFoundDeletes() {
        var stats = EMULATOR.admin().stats().get("DeleteContainerGroup");
        return stats == null ? 0 : stats.errorsByCode().getOrDefault("InvalidParameter.NotFound", 0L);
    }

    private static long statusEventsOf(PodRef pod) {
        return World.events(World.readAll(EVENTS)).stream()
                .filter(e -> e instanceof InstanceStatusChanged && e.pod().uid().equals(pod.uid())).count();
    }

    private double sweepPasses() {
        return meters.find("vnode.instance.sweep.passes").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
