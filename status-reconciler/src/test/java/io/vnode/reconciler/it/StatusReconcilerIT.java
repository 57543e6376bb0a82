package io.vnode.reconciler.it;

import static io.vnode.reconciler.it.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Headers;
import io.vnode.contracts.Keys;
import io.vnode.contracts.Topics;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.reconciler.domain.ReconcilerKeys;
import io.vnode.testsupport.KafkaBroker;
import io.vnode.localkube.PodFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

class StatusReconcilerIT extends ReconcilerITBase {

    static final InstanceSpec GPU_SPEC = new InstanceSpec("ecs.gn5-c4g1.xlarge", 4.0, 30.0, 1, "ecs.gn5-c4g1.xlarge");
    static final InstanceSpec SPEC_2_4 = InstanceSpec.ofCpuMemory(2, 4, null);

    @LocalServerPort
    int port;

    @Test
    void cudaJobRunsToCompletionScenario() {
        Pod pod = create(PodFixtures.cudaVectorAdd());
        String id = "eci-bp1" + pod.getMetadata().getUid().substring(0, 8);
        publish(Events.created(pod, 1, ComputeType.ECI, id, GPU_SPEC),
                Events.status(pod, 2, ComputeType.ECI, id, GPU_SPEC, "Pending", Events.waiting("ContainerCreating"), false, List.of()));
        Pod pending = awaitPod(pod, p -> "2".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(pending)).isEqualTo("Pending");
        assertThat(annotation(pending, Keys.BILLING_START)).isEqualTo("2026-11-23T10:00:20Z");

        publish(Events.status(pod, 3, ComputeType.ECI, id, GPU_SPEC, "Running", Events.running(T0.plusSeconds(25)), true, List.of()));
        Pod running = awaitPod(pod, p -> "Running".equals(phase(p)));
        assertThat(condition(running, "Ready")).isEqualTo("True");

        publish(Events.status(pod, 4, ComputeType.ECI, id, GPU_SPEC, "Succeeded",
                Events.terminated(0, T0.plusSeconds(25), T0.plusSeconds(38)), false, List.of()));
        Pod done = awaitPod(pod, p -> "Succeeded".equals(phase(p)) && annotation(p, Keys.BILLING_STOP) != null);

        ContainerStatus cuda = done.getStatus().getContainerStatuses().get(0);
        assertThat(cuda.getName()).isEqualTo("cuda-container");
        assertThat(cuda.getState().getTerminated().getExitCode()).isZero();
        assertThat(cuda.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(cuda.getImage()).isEqualTo(PodFixtures.CUDA_VECTORADD);
        assertThat(done.getStatus().getPodIP()).isEqualTo("10.0.6.68");
        assertThat(done.getStatus().getQosClass()).isEqualTo("BestEffort");
        assertThat(done.getMetadata().getAnnotations())
                .containsEntry(Keys.ECI_INSTANCE_ID, id)
                .containsEntry(Keys.ECI_INSTANCE_SPEC, "ecs.gn5-c4g1.xlarge")
                .containsEntry(Keys.ECI_CLIENT_TOKEN, pod.getMetadata().getUid())
                .containsEntry(Keys.ECI_REQUEST_ID, "A0EF3BF3-37E7-5A07-AC2D-68A0CFC12345")
                .containsEntry(Keys.ECI_INSTANCE_ZONE, "cn-hangzhou-k")
                .containsEntry(Keys.PROVIDER_CREATE, "done")
                .containsEntry(Keys.BILLING_START, "2026-11-23T10:00:20Z")
                .containsEntry(Keys.BILLING_STOP, "2026-11-23T10:00:40Z");

        List<ConsumerRecord<String, byte[]>> usage = KafkaBroker.readUntil(BILLING,
                rs -> rs.stream().anyMatch(r -> pod.getMetadata().getUid().equals(r.key())), WAIT);
        ConsumerRecord<String, byte[]> record = usage.stream().filter(r -> pod.getMetadata().getUid().equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(record.headers().lastHeader(Headers.EVENT_TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo(BillingUsageRecorded.TYPE);
        assertThat(new String(record.headers().lastHeader(Headers.TRACEPARENT).value(), StandardCharsets.UTF_8)).isEqualTo(Events.TRACE);
        BillingUsageRecorded u = (BillingUsageRecorded) EventCodec.decode(record.value(), io.vnode.contracts.billing.BillingEvent.class);
        assertThat(u.instanceId()).isEqualTo(id);
        assertThat(u.start()).isEqualTo(Instant.parse("2026-11-23T10:00:20Z"));
        assertThat(u.stop()).isEqualTo(Instant.parse("2026-11-23T10:00:40Z"));
        assertThat(u.gpuSeconds()).isEqualTo(20.0);
        assertThat(u.vcpuSeconds()).isEqualTo(80.0);

        WebTestClient web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        web.get().uri("/usage?namespace=default&from=2026-11-23T10:00:00Z&to=2026-11-23T10:00:30Z").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.lines[?(@.podUid=='" + pod.getMetadata().getUid() + "')].gpuSeconds").isEqualTo(10.0);
        String csv = web.get().uri("/usage?namespace=default&format=csv").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("namespace,pod,podUid").contains("default,gpu-pod," + pod.getMetadata().getUid() + "," + id + ",ECI,ecs.gn5-c4g1.xlarge,2026-11-23T10:00:20Z,2026-11-23T10:00:40Z,20,80,600,20");
        web.get().uri("/usage?from=yesterday").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(m -> assertThat(m.toString()).contains("RFC 3339"));
    }

    @Test
    void acsPodShowsTheAnnotationsAndMirrorsCloudEventsOnceScenario() {
        Pod pod = create(PodFixtures.nginxAcsByLabel());
        String id = "acs-2ze" + pod.getMetadata().getUid().substring(0, 8);
        publish(Events.created(pod, 1, ComputeType.ACS, id, SPEC_2_4),
                Events.status(pod, 2, ComputeType.ACS, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(38)), true,
                        List.of(Events.cloudEvent("Normal", "Pulled", "Successfully pulled image", 1))),
                Events.status(pod, 3, ComputeType.ACS, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(38)), true,
                        List.of(Events.cloudEvent("Normal", "Pulled", "Successfully pulled image", 1),
                                Events.cloudEvent("Warning", "BackOff", "Back-off pulling image sidecar", 3))),
                Events.status(pod, 4, ComputeType.ACS, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(38)), true,
                        List.of(Events.cloudEvent("Warning", "BackOff", "Back-off pulling image sidecar", 5))));
        Pod running = awaitPod(pod, p -> "4".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(running)).isEqualTo("Running");
        assertThat(running.getMetadata().getAnnotations())
                .containsEntry(Keys.ACS_INSTANCE_ID, id)
                .containsEntry(Keys.ACS_POD_USE_SPEC, "2-4Gi")
                .containsEntry(Keys.ACS_POD_EPHEMERAL_STORAGE, "30Gi")
                .containsEntry(Keys.ACS_CLIENT_TOKEN, pod.getMetadata().getUid())
                .containsEntry(Keys.ACS_REQUEST_ID, "A0EF3BF3-37E7-5A07-AC2D-68A0CFC12345")
                .containsEntry(Keys.ACS_SCHEDULE_RESULT, "finished")
                .containsEntry(Keys.RESOURCE_TYPE, "serverless")
                .containsEntry(Keys.POD_STREAM_PORT, "10250")
                .containsEntry(Keys.TOPOLOGY_REGION, "cn-hangzhou")
                .containsEntry(Keys.PROVIDER_CREATE, "done");
        assertThat(running.getMetadata().getLabels()).containsEntry(Keys.LABEL_ACS, "true");
        assertThat(running.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .contains("PodScheduled=True", "ContainerInstanceCreated=True", "Initialized=True", "ContainersReady=True", "Ready=True");
        assertThat(running.getStatus().getQosClass()).isEqualTo("Burstable");

        List<Event> events = await().atMost(WAIT).until(() -> events(pod), es -> es.size() >= 3);
        assertThat(events).filteredOn(e -> "Pulled".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
        assertThat(events).filteredOn(e -> "BackOff".equals(e.getReason())).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getCount()).as("the cloud's count, raised without a second Event").isEqualTo(5);
            assertThat(e.getSource().getComponent()).isEqualTo("vnode-status-reconciler");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
            assertThat(e.getInvolvedObject().getName()).isEqualTo(pod.getMetadata().getName());
        });
        assertThat(events).filteredOn(e -> "ProviderCreated".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains(id, "2-4Gi", "cn-hangzhou-k"));
    }

    @Test
    void noStockKeepsThePodPendingAndSaysWhyScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        publish(Events.createFailed(pod, 1, true, "NoStock", "The resource is out of stock in the specified zone.", 3),
                Events.createFailed(pod, 2, true, "NoStock", "The resource is out of stock in the specified zone.", 6));
        Pod pending = awaitPod(pod, p -> "2".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(pending)).isEqualTo("Pending");
        assertThat(pending.getStatus().getConditions()).filteredOn(c -> "ContainerInstanceCreated".equals(c.getType()))
                .singleElement().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("NoStock");
                });
        Event warning = await().atMost(WAIT).until(() -> events(pod).stream().filter(e -> "NoStock".equals(e.getReason())).toList(),
                es -> es.size() == 1 && es.get(0).getCount() == 2).get(0);
        assertThat(warning.getType()).isEqualTo("Warning");
        assertThat(warning.getMessage()).contains("out of stock", "retried automatically", "2-4Gi, 4-8Gi");
    }

    @Test
    void permanentCreateFailureFailsThePodAndIsNeverReopenedScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        publish(Events.createFailed(pod, 1, false, "InvalidParameter.Image", "The specified image is invalid.", 1));
        Pod failed = awaitPod(pod, p -> "1".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(failed)).isEqualTo("Failed");
        assertThat(failed.getStatus().getReason()).isEqualTo("ProviderFailed");
        assertThat(failed.getStatus().getMessage()).contains("InvalidParameter.Image", "The specified image is invalid.");
        assertThat(annotation(failed, Keys.FAILURE_REASON)).isEqualTo("InvalidParameter.Image");
        await().atMost(WAIT).until(() -> events(pod).stream().anyMatch(e -> "ProviderFailed".equals(e.getReason())
                && "Warning".equals(e.getType()) && e.getMessage().contains("InvalidParameter.Image")));

        publish(Events.status(pod, 2, ComputeType.ECI, "eci-late", SPEC_2_4, "Running", Events.running(T0), true, List.of()));
        Pod after = awaitPod(pod, p -> "2".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(after)).isEqualTo("Failed");
        assertThat(after.getStatus().getReason()).isEqualTo("ProviderFailed");
    }

    @Test
    void failFastNoStockFailsThePodAsScheduleFailedScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        String cloud = "The resource is out of stock in the specified zone.";
        publish(Events.createFailed(pod, 1, false, "ContainerGroup.NoStock",
                cloud + " (k8s.aliyun.com/eci-fail-strategy: fail-fast, not retried)", 1));
        Pod failed = awaitPod(pod, p -> "1".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(failed)).isEqualTo("Failed");
        assertThat(failed.getStatus().getReason()).isEqualTo("ContainerInstanceScheduleFailed");
        assertThat(failed.getStatus().getConditions()).filteredOn(c -> "ContainerInstanceCreated".equals(c.getType()))
                .singleElement().satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("ContainerGroup.NoStock");
                    assertThat(c.getMessage()).contains(cloud);
                });
        await().atMost(WAIT).until(() -> events(pod).stream().anyMatch(e -> "ContainerInstanceScheduleFailed".equals(e.getReason())
                && "Warning".equals(e.getType()) && e.getMessage().contains("ContainerGroup.NoStock")));
    }

    @Test
    void rejectedPodFailsWithTheReasonCodeScenario() {
        Pod pod = create(PodFixtures.hostPathPod());
        String message = "volume \"data\" is a hostPath volume; serverless instances have no host. Use an emptyDir instead.";
        publish(Events.rejected(pod, 1024, "HostPathNotSupported", message));
        Pod failed = awaitPod(pod, p -> "1024".equals(annotation(p, ReconcilerKeys.REJECTION_SEQUENCE)));
        assertThat(phase(failed)).isEqualTo("Failed");
        assertThat(failed.getStatus().getReason()).isEqualTo("HostPathNotSupported");
        assertThat(failed.getStatus().getMessage()).isEqualTo(message);
        assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("HostPathNotSupported");
        await().atMost(WAIT).until(() -> events(pod).stream().anyMatch(e -> "HostPathNotSupported".equals(e.getReason())
                && "Warning".equals(e.getType()) && message.equals(e.getMessage())));
    }

    @Test
    void outOfOrderAndDuplicatedEventsLeaveThePodRightScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        String id = "eci-ooo" + pod.getMetadata().getUid().substring(0, 8);
        var running = Events.status(pod, 3, ComputeType.ECI, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(25)), true, List.of());
        publish(running,
                Events.status(pod, 2, ComputeType.ECI, id, SPEC_2_4, "Pending", Events.waiting("ContainerCreating"), false, List.of()),
                running,
                Events.created(pod, 1, ComputeType.ECI, id, SPEC_2_4),
                Events.createFailed(pod, 1, false, "InvalidParameter", "stale failure", 1));
        // a marker after them all: a fresh event proves the stale ones were consumed before it
        publish(Events.status(pod, 4, ComputeType.ECI, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(25)), true, List.of()));
        Pod p = awaitPod(pod, x -> "4".equals(annotation(x, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(p)).isEqualTo("Running");
        assertThat(p.getStatus().getReason()).isNull();
        assertThat(annotation(p, Keys.ECI_CLIENT_TOKEN)).as("a stale InstanceCreated still fills the client token").isEqualTo(pod.getMetadata().getUid());
        assertThat(annotation(p, Keys.FAILURE_REASON)).isNull();
        assertThat(annotation(p, Keys.BILLING_START)).isEqualTo("2026-11-23T10:00:20Z");
        assertThat(events(pod)).noneMatch(e -> "ProviderFailed".equals(e.getReason()));
    }

    /**
     * The CRUD server removes a pod at once on delete unless a finalizer holds it, so the pod is held by
     * a test finalizer while "kubectl delete" sets its deletionTimestamp; the server's request log
     * then shows the reconciler's DELETE (grace 0, UID precondition), and once the finalizer is
     * released the pod is gone.
     */
    @Test
    void deletionCompletesOnceTheInstanceIsGoneScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        String id = "eci-del" + pod.getMetadata().getUid().substring(0, 8);
        publish(Events.status(pod, 1, ComputeType.ECI, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(25)), true, List.of()));
        awaitPod(pod, p -> "Running".equals(phase(p)));
        holdAndDelete(pod);
        publish(Events.deleted(pod, 9, id, InstanceDeleted.REASON_DELETED));

        String body = awaitDeleteRequest(pod);
        assertThat(body).contains("\"gracePeriodSeconds\":0").contains("\"uid\":\"" + pod.getMetadata().getUid() + "\"");
        List<ConsumerRecord<String, byte[]>> usage = KafkaBroker.readUntil(BILLING,
                rs -> rs.stream().anyMatch(r -> pod.getMetadata().getUid().equals(r.key())), WAIT);
        BillingUsageRecorded u = usage.stream().filter(r -> pod.getMetadata().getUid().equals(r.key()))
                .map(r -> (BillingUsageRecorded) EventCodec.decode(r.value(), io.vnode.contracts.billing.BillingEvent.class))
                .findFirst().orElseThrow();
        assertThat(u.start()).isEqualTo(T0.plusSeconds(20));
        assertThat(u.stop()).as("billed until the cloud's deletedAt").isEqualTo(T0.plusSeconds(89));
        assertThat(u.spec().name()).isEqualTo("2-4Gi");
        release(pod);
        await().atMost(WAIT).until(() -> get(pod) == null);
    }

    @Test
    void vanishedInstanceFailsTheLivePodScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        String id = "eci-van" + pod.getMetadata().getUid().substring(0, 8);
        publish(Events.status(pod, 1, ComputeType.ECI, id, SPEC_2_4, "Running", Events.running(T0.plusSeconds(25)), true, List.of()),
                Events.deleted(pod, 5, id, InstanceDeleted.REASON_VANISHED));
        Pod failed = awaitPod(pod, p -> "5".equals(annotation(p, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(failed)).isEqualTo("Failed");
        assertThat(failed.getStatus().getReason()).isEqualTo("InstanceVanished");
        assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(annotation(failed, Keys.BILLING_STOP)).isEqualTo("2026-11-23T10:00:49Z");
        await().atMost(WAIT).until(() -> events(pod).stream().anyMatch(e -> "InstanceVanished".equals(e.getReason()) && "Warning".equals(e.getType())));
    }

    @Test
    void poisonRecordGoesToTheDlqAndTheNextRecordIsAppliedScenario() {
        Pod pod = create(PodFixtures.eciLabelledUseSpecs());
        KafkaBroker.publishRaw(INSTANCE_EVENTS, pod.getMetadata().getUid(), "{not json".getBytes(StandardCharsets.UTF_8));
        publish(Events.status(pod, 1, ComputeType.ECI, "eci-poison", SPEC_2_4, "Running", Events.running(T0), true, List.of()));
        awaitPod(pod, p -> "Running".equals(phase(p)));
        List<ConsumerRecord<String, byte[]>> dlq = KafkaBroker.readUntil(Topics.dlq(INSTANCE_EVENTS),
                rs -> rs.stream().anyMatch(r -> pod.getMetadata().getUid().equals(r.key())), WAIT);
        ConsumerRecord<String, byte[]> dead = dlq.stream().filter(r -> pod.getMetadata().getUid().equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String(dead.headers().lastHeader(Headers.DLQ_ORIGINAL_TOPIC).value(), StandardCharsets.UTF_8)).isEqualTo(INSTANCE_EVENTS);
        assertThat(new String(dead.headers().lastHeader(Headers.DLQ_REASON).value(), StandardCharsets.UTF_8)).contains("EventDecodingException");
    }

    static Stream<Arguments> mappings() {
        return Stream.of(
                Arguments.of("Scheduling", "Always", null, "Pending", null, "False"),
                Arguments.of("Pending", "Always", null, "Pending", null, "True"),
                Arguments.of("Running", "Always", null, "Running", null, "True"),
                Arguments.of("Restarting", "Always", null, "Running", null, "True"),
                Arguments.of("Updating", "Always", null, "Running", null, "True"),
                Arguments.of("Terminating", "Always", null, "Running", null, "True"),
                Arguments.of("Succeeded", "Never", null, "Succeeded", null, "True"),
                Arguments.of("Failed", "Never", null, "Failed", null, "True"),
                Arguments.of("Expired", "Always", null, "Failed", "Expired", "True"),
                Arguments.of("ScheduleFailed", "Always", null, "Pending", "ScheduleFailed", "False"),
                Arguments.of("ScheduleFailed", "Always", "fail-fast", "Failed", "ScheduleFailed", "False"),
                Arguments.of("ScheduleFailed", "Never", null, "Failed", "ScheduleFailed", "False"));
    }

    @ParameterizedTest(name = "{0} (restartPolicy {1}, fail strategy {2}) -> {3} {4}")
    @MethodSource("mappings")
    void instanceStatusMapsToPodPhaseThroughTheService(String status, String restartPolicy, String failStrategy,
                                                       String phase, String reason, String instanceCreated) {
        Pod fixture = PodFixtures.eciLabelledUseSpecs();
        fixture.getSpec().setRestartPolicy(restartPolicy);
        if (failStrategy != null) {
            fixture.getMetadata().getAnnotations().put(Keys.ECI_FAIL_STRATEGY, failStrategy);
        }
        Pod pod = create(fixture);
        var state = switch (status) {
            case "Succeeded" -> Events.terminated(0, T0.plusSeconds(20), T0.plusSeconds(60));
            case "Failed" -> Events.terminated(2, T0.plusSeconds(20), T0.plusSeconds(60));
            case "Scheduling", "Pending", "ScheduleFailed" -> Events.waiting("ContainerCreating");
            default -> Events.running(T0.plusSeconds(20));
        };
        publish(Events.status(pod, 1, ComputeType.ECI, "eci-map", SPEC_2_4, status, state, "Running".equals(phase), List.of()));
        Pod p = awaitPod(pod, x -> "1".equals(annotation(x, ReconcilerKeys.INSTANCE_EVENT_SEQUENCE)));
        assertThat(phase(p)).isEqualTo(phase);
        assertThat(p.getStatus().getReason()).isEqualTo(reason);
        assertThat(condition(p, "ContainerInstanceCreated")).isEqualTo(instanceCreated);
        assertThat(condition(p, "Ready")).isEqualTo("Running".equals(phase) ? "True" : "False");
        if ("Failed".equals(status)) {
            assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(2);
        }
        if (reason != null) {
            await().atMost(WAIT).until(() -> events(pod).stream().anyMatch(e -> reason.equals(e.getReason()) && "Warning".equals(e.getType())));
        }
    }
}
