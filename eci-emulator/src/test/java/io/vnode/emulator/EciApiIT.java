package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.aliyuncs.eci.model.v20180808.CreateContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.DeleteContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsResponse;
import com.aliyuncs.eci.model.v20180808.DescribeContainerLogRequest;
import com.aliyuncs.eci.model.v20180808.DescribeMultiContainerGroupMetricRequest;
import com.aliyuncs.eci.model.v20180808.DescribeMultiContainerGroupMetricResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import com.aliyuncs.eci.model.v20180808.UpdateContainerGroupRequest;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The API through the real SDK (signed requests), with a lifecycle slow enough to watch. */
class EciApiIT {

    static final AdvancingClock CLOCK = new AdvancingClock();
    static EciEmulator emulator;
    static Sdk sdk;

    @BeforeAll
    static void start() {
        emulator = EciEmulator.start(EmulatorSettings.builder()
                .clock(CLOCK)
                .timing(new Timing(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(400)))
                .vSwitchZones(Map.of("vsw-j", "cn-hangzhou-j", "vsw-k", "cn-hangzhou-k"))
                .imageBehaviours(List.of(ImageBehaviour.cudaVectorAdd(Duration.ofMillis(400)),
                        ImageBehaviour.exit("crashy", 1, Duration.ofMillis(150), List.of("boom"))))
                .build());
        sdk = new Sdk(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.admin().reset();
    }

    @Test
    void createRunDeleteScenario() throws Exception {
        CreateContainerGroupRequest r = Sdk.create("web-1", "nginx:1.25");
        r.setTags(List.of(Sdk.tag("k8s-pod-uid", "uid-1")));
        r.setCpu(1f);
        r.setMemory(2f);
        String id = sdk.createId(r);
        assertThat(id).matches("eci-[a-z0-9]+");
        assertThat(sdk.status(id)).isEqualTo("Scheduling");

        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Running"));
        DescribeContainerGroupsResponse.ContainerGroup g = sdk.describe(id).orElseThrow();
        assertThat(g.getContainerGroupName()).isEqualTo("web-1");
        assertThat(g.getIntranetIp()).startsWith("10.0.");
        assertThat(g.getCpu()).isEqualTo(1f);
        assertThat(g.getMemory()).isEqualTo(2f);
        assertThat(g.getZoneId()).isEqualTo("cn-hangzhou-j");
        assertThat(g.getCreationTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(g.getTags()).extracting(t -> t.getKey() + "=" + t.getValue()).containsExactly("k8s-pod-uid=uid-1");
        assertThat(g.getEvents()).extracting(DescribeContainerGroupsResponse.ContainerGroup.Event::getReason)
                .containsExactly("Scheduled", "Pulling", "Pulled", "Created", "Started");
        DescribeContainerGroupsResponse.ContainerGroup.Container c = g.getContainers().get(0);
        assertThat(c.getCurrentState().getState()).isEqualTo("Running");
        assertThat(c.getCurrentState().getStartTime()).isNotNull();
        assertThat(c.getRestartCount()).isZero();

        DeleteContainerGroupRequest d = new DeleteContainerGroupRequest();
        d.setRegionId("cn-hangzhou");
        d.setContainerGroupId(id);
        sdk.call(d);
        assertThat(sdk.status(id)).isEqualTo("Terminating");
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("(gone)"));

        ClientException notFound = catchThrowableOfType(ClientException.class, () -> sdk.call(d));
        assertThat(notFound).isNotInstanceOf(ServerException.class);
        assertThat(notFound.getErrCode()).isEqualTo("InvalidParameter.NotFound");
    }

    @Test
    void forceDeleteSkipsTerminating() throws Exception {
        String id = sdk.createId(Sdk.create("web-2", "nginx"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Running"));
        DeleteContainerGroupRequest d = new DeleteContainerGroupRequest();
        d.setRegionId("cn-hangzhou");
        d.setContainerGroupId(id);
        d.putQueryParameter("Force", "true");
        sdk.call(d);
        assertThat(sdk.status(id)).isEqualTo("(gone)");
    }

    @Test
    void cudaVectorAddRunsToSucceededAndLogsTestPassed() throws Exception {
        CreateContainerGroupRequest r = Sdk.create("cuda-1", "registry.example/nvidia/samples:vectoradd-cuda11.7");
        r.setRestartPolicy("Never");
        String id = sdk.createId(r);
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Succeeded"));
        DescribeContainerGroupsResponse.ContainerGroup g = sdk.describe(id).orElseThrow();
        assertThat(g.getSucceededTime()).isNotNull();
        assertThat(g.getContainers().get(0).getCurrentState().getState()).isEqualTo("Terminated");
        assertThat(g.getContainers().get(0).getCurrentState().getExitCode()).isZero();

        DescribeContainerLogRequest log = new DescribeContainerLogRequest();
        log.setRegionId("cn-hangzhou");
        log.setContainerGroupId(id);
        log.setContainerName("main");
        assertThat(sdk.call(log).getContent()).contains("Test PASSED").contains("[Vector addition of 50000 elements]");
        log.setTail(1);
        assertThat(sdk.call(log).getContent()).isEqualTo("Done\n");
        log.putQueryParameter("Timestamps", "true");
        assertThat(sdk.call(log).getContent()).matches("\\d{4}-.*Z Done\\n");
        log.putQueryParameter("LimitBytes", "2");
        assertThat(sdk.call(log).getContent()).hasSize(2);
    }

    @Test
    void execRunsACommandSyncOrOverItsWebSocketOnceAndRefusesWhatTheCloudRefuses() throws Exception {
        String id = sdk.createId(Sdk.create("shell", "nginx:1.25"));
        // not running yet
        assertThatThrownBy(() -> sdk.common("ExecContainerCommand", Map.of("ContainerGroupId", id, "ContainerName", "main",
                "Command", "[\"hostname\"]", "Sync", "true")))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.getErrCode()).isEqualTo("IncorrectStatus"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Running"));

        JsonNode sync = sdk.common("ExecContainerCommand", Map.of("ContainerGroupId", id, "ContainerName", "main",
                "Command", "[\"sh\", \"-c\", \"echo one && echo two\"]", "Sync", "true"));
        assertThat(sync.path("SyncResponse").asString()).isEqualTo("one\ntwo\n");

        // the SDK's own request (1.0.13: ContainerGroupId, ContainerName, Command, TTY) gets a WebSocketUri
        com.aliyuncs.eci.model.v20180808.ExecContainerCommandRequest request = new com.aliyuncs.eci.model.v20180808.ExecContainerCommandRequest();
        request.setRegionId("cn-hangzhou");
        request.setContainerGroupId(id);
        request.setContainerName("main");
        request.setCommand("[\"/bin/sh\"]");
        request.setTTY(false);
        String uri = sdk.call(request).getWebSocketUri();
        assertThat(uri).startsWith("ws://").contains("/exec/?s=");

        StringBuilder received = new StringBuilder();
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(uri), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket ws, java.nio.ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        synchronized (received) {
                            received.append(new String(b, java.nio.charset.StandardCharsets.UTF_8));
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status, String reason) {
                        closed.complete(status);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendBinary(java.nio.ByteBuffer.wrap("echo hi\nhostname\nexit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)), true)
                .get(5, TimeUnit.SECONDS);
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        synchronized (received) {
            assertThat(received.toString()).isEqualTo("hi\nshell\n");
        }
        // a URI opens one session
        java.net.http.HttpResponse<String> again = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(uri.replaceFirst("^ws", "http"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(403);

        // what the cloud refuses
        assertThatThrownBy(() -> sdk.common("ExecContainerCommand", Map.of("ContainerGroupId", id, "ContainerName", "main",
                "Command", "[\"sh\"]", "Sync", "true", "TTY", "true")))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.getErrCode()).isEqualTo("InvalidParameter.TTY"));
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(21, "\"x\"")) + "]";
        assertThatThrownBy(() -> sdk.common("ExecContainerCommand", Map.of("ContainerGroupId", id, "ContainerName", "main",
                "Command", tooMany, "Sync", "true")))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.getErrCode()).isEqualTo("InvalidParameter.ValueExceeded"));
        assertThatThrownBy(() -> sdk.common("ExecContainerCommand", Map.of("ContainerGroupId", id, "ContainerName", "side",
                "Command", "[\"true\"]", "Sync", "true")))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.getErrCode()).isEqualTo("InvalidParameter.ContainerName"));
    }

    @Test
    void metricsOfManyInstancesInOneCallAsTheSdkReadsThem() throws Exception {
        CreateContainerGroupRequest r = Sdk.create("metered", "nginx:1.25");
        r.setCpu(2f);
        r.setMemory(4f);
        String id = sdk.createId(r);
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Running"));
        DescribeMultiContainerGroupMetricRequest m = new DescribeMultiContainerGroupMetricRequest();
        m.setRegionId("cn-hangzhou");
        m.setContainerGroupIds("[\"" + id + "\",\"eci-none\"]");

        DescribeMultiContainerGroupMetricResponse.Record record = sdk.call(m).getMonitorDatas().get(0);
        assertThat(record.getContainerGroupId()).isEqualTo(id);
        var stat = record.getRecords().get(0);
        // by default a quarter of the 2 vCPU and 40% of the 4 GiB
        assertThat(stat.getCPU().getUsageNanoCores()).isEqualTo(500_000_000L);
        assertThat(stat.getMemory().getWorkingSet()).isEqualTo((long) (4 * 0.4 * 1024 * 1024 * 1024));
        assertThat(stat.getContainers()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("main");
            assertThat(c.getCPU1().getUsageNanoCores()).isEqualTo(500_000_000L);
        });

        emulator.admin().setUsage(id, "main", 1.5, 300L << 20);
        CLOCK.advance(Duration.ofSeconds(10));
        var later = sdk.call(m).getMonitorDatas().get(0).getRecords().get(0);
        assertThat(later.getCPU().getUsageNanoCores()).isEqualTo(1_500_000_000L);
        assertThat(later.getContainers().get(0).getMemory2().getWorkingSet()).isEqualTo(300L << 20);
        assertThat(later.getCPU().getUsageCoreNanoSeconds()).isGreaterThanOrEqualTo(15_000_000_000L);
        assertThat(sdk.call(m).getMonitorDatas()).hasSize(1); // the unknown id gives no data

        m.setContainerGroupIds("not json");
        assertThatThrownBy(() -> sdk.call(m)).isInstanceOf(ClientException.class).hasMessageContaining("ContainerGroupIds");
    }

    @Test
    void aContainerFollowsItsCommand() throws Exception {
        CreateContainerGroupRequest fails = Sdk.create("job-fails", "busybox:1.36");
        fails.setRestartPolicy("Never");
        fails.getContainers().get(0).setCommands(List.of("sh", "-c"));
        fails.getContainers().get(0).setArgs(List.of("echo starting; sleep 0.3; exit 3"));
        fails.setContainers(fails.getContainers()); // the SDK encodes the containers when they are set
        String failed = sdk.createId(fails);
        CreateContainerGroupRequest runs = Sdk.create("server", "busybox:1.36");
        runs.getContainers().get(0).setCommands(List.of("sh", "-c", "while true; do sleep 1; done"));
        runs.setContainers(runs.getContainers());
        String running = sdk.createId(runs);

        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(failed).equals("Failed"));
        DescribeContainerGroupsResponse.ContainerGroup g = sdk.describe(failed).orElseThrow();
        assertThat(g.getContainers().get(0).getCurrentState().getState()).isEqualTo("Terminated");
        assertThat(g.getContainers().get(0).getCurrentState().getExitCode()).isEqualTo(3);
        DescribeContainerLogRequest log = new DescribeContainerLogRequest();
        log.setRegionId("cn-hangzhou");
        log.setContainerGroupId(failed);
        log.setContainerName("main");
        assertThat(sdk.call(log).getContent()).isEqualTo("starting\n");
        // a command the emulator cannot follow leaves the image to decide: this one runs on
        assertThat(sdk.status(running)).isEqualTo("Running");
    }

    @Test
    void restartPolicyAlwaysRestartsACrashingContainer() throws Exception {
        String id = sdk.createId(Sdk.create("crash-1", "crashy:1"));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                sdk.describe(id).orElseThrow().getContainers().get(0).getRestartCount() >= 2);
        DescribeContainerGroupsResponse.ContainerGroup g = sdk.describe(id).orElseThrow();
        assertThat(g.getStatus()).isEqualTo("Running");
        assertThat(g.getContainers().get(0).getPreviousState().getExitCode()).isEqualTo(1);

        CreateContainerGroupRequest never = Sdk.create("crash-2", "crashy:1");
        never.setRestartPolicy("Never");
        String failed = sdk.createId(never);
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(failed).equals("Failed"));
        assertThat(emulator.admin().instance(failed).orElseThrow().failedTime()).isNotNull();
    }

    @Test
    void sameClientTokenGivesTheSameInstanceAndDifferentParametersAreRefused() throws Exception {
        CreateContainerGroupRequest r = Sdk.create("idem-1", "nginx");
        r.setClientToken("uid-42");
        String first = sdk.createId(r);
        String again = sdk.createId(r);
        assertThat(again).isEqualTo(first);
        assertThat(emulator.admin().instances()).hasSize(1);

        CreateContainerGroupRequest changed = Sdk.create("idem-1", "nginx:2");
        changed.setClientToken("uid-42");
        ClientException e = catchThrowableOfType(ClientException.class, () -> sdk.call(changed));
        assertThat(e.getErrCode()).isEqualTo("IdempotentParameterMismatch");
        assertThat(emulator.admin().instances()).hasSize(1);
    }

    @Test
    void noStockForOneSpecThenSuccessWithAnother() throws Exception {
        emulator.admin().setNoStock("2-4Gi", true);
        CreateContainerGroupRequest r = Sdk.create("stock-1", "nginx");
        r.setCpu(2f);
        r.setMemory(4f);
        ClientException e = catchThrowableOfType(ClientException.class, () -> sdk.call(r));
        assertThat(e).isNotInstanceOf(ServerException.class);
        assertThat(e.getErrCode()).isEqualTo("ContainerGroup.NoStock");

        r.setCpu(4f);
        r.setMemory(8f);
        assertThat(sdk.createId(r)).startsWith("eci-");

        emulator.admin().setNoStock("ecs.c6.xlarge", true);
        CreateContainerGroupRequest typed = Sdk.create("stock-2", "nginx");
        typed.setInstanceType("ecs.c6.xlarge,ecs.g6.xlarge");
        String id = sdk.createId(typed);
        assertThat(emulator.admin().instance(id).orElseThrow().instanceType()).isEqualTo("ecs.g6.xlarge");
    }

    @Test
    void multiZoneVSwitchesPickAZoneWithStock() throws Exception {
        emulator.admin().setNoStock("cn-hangzhou-j", true);
        CreateContainerGroupRequest r = Sdk.create("zones-1", "nginx");
        r.setVSwitchId("vsw-j,vsw-k");
        String id = sdk.createId(r);
        InstanceView v = emulator.admin().instance(id).orElseThrow();
        assertThat(v.zoneId()).isEqualTo("cn-hangzhou-k");
        assertThat(v.vSwitchId()).isEqualTo("vsw-k");

        emulator.admin().setNoStock("cn-hangzhou-k", true);
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(r)).getErrCode())
                .isEqualTo("ContainerGroup.NoStock");
    }

    @Test
    void acsComputeClassGivesAnAcsIdAndTheFineGrainedTable() throws Exception {
        CreateContainerGroupRequest acs = Sdk.create("acs-1", "nginx");
        acs.setCpu(1.5f);
        acs.setMemory(3f);
        acs.putQueryParameter("ComputeClass", "general-purpose");
        acs.putQueryParameter("ComputeQos", "best-effort");
        String id = sdk.createId(acs);
        assertThat(id).startsWith("acs-");
        assertThat(emulator.admin().instance(id).orElseThrow().computeClass()).isEqualTo("general-purpose");

        CreateContainerGroupRequest eci = Sdk.create("eci-1", "nginx");
        eci.setCpu(1.5f);
        eci.setMemory(3f);
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(eci)).getErrCode())
                .isEqualTo("InvalidParameter.Spec");
    }

    @Test
    void validationErrorsComeBackAsClientExceptionsWithTheCloudsCodes() {
        CreateContainerGroupRequest badName = Sdk.create("Bad_Name", "nginx");
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(badName)).getErrCode())
                .isEqualTo("InvalidParameter.ContainerGroupName");
        CreateContainerGroupRequest noImage = Sdk.create("ok-name", null);
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(noImage)).getErrCode())
                .isEqualTo("MissingParameter.Container.1.Image");
        CreateContainerGroupRequest tooManyTags = Sdk.create("ok-name", "nginx");
        List<CreateContainerGroupRequest.Tag> tags = new ArrayList<>();
        for (int k = 0; k < 21; k++) {
            tags.add(Sdk.tag("k" + k, "v"));
        }
        tooManyTags.setTags(tags);
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(tooManyTags)).getErrCode())
                .isEqualTo("InvalidParameter.Tag");
    }

    @Test
    void describePaginatesAndFilters() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int k = 0; k < 45; k++) {
            CreateContainerGroupRequest r = Sdk.create("page-" + k, "nginx");
            r.setTags(List.of(Sdk.tag("batch", k % 2 == 0 ? "even" : "odd")));
            ids.add(sdk.createId(r));
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            DescribeContainerGroupsRequest d = new DescribeContainerGroupsRequest();
            d.setRegionId("cn-hangzhou");
            d.setLimit(20);
            d.setNextToken(token);
            DescribeContainerGroupsResponse resp = sdk.call(d);
            assertThat(resp.getTotalCount()).isEqualTo(45);
            resp.getContainerGroups().forEach(g -> seen.add(g.getContainerGroupId()));
            token = resp.getNextToken();
            pages++;
        } while (token != null && !token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(ids);

        DescribeContainerGroupsRequest byTag = new DescribeContainerGroupsRequest();
        byTag.setRegionId("cn-hangzhou");
        DescribeContainerGroupsRequest.Tag t = new DescribeContainerGroupsRequest.Tag();
        t.setKey("batch");
        t.setValue("odd");
        byTag.setTags(List.of(t));
        assertThat(sdk.call(byTag).getTotalCount()).isEqualTo(22);
        // by tag in pages of 10: every odd instance once, none other; a deleted one is no longer found
        byTag.setLimit(10);
        List<String> odd = new ArrayList<>();
        String tagToken = null;
        do {
            byTag.setNextToken(tagToken);
            DescribeContainerGroupsResponse resp = sdk.call(byTag);
            resp.getContainerGroups().forEach(g -> odd.add(g.getContainerGroupName()));
            tagToken = resp.getNextToken();
        } while (tagToken != null && !tagToken.isEmpty());
        assertThat(odd).hasSize(22).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(Integer.parseInt(name.substring("page-".length())) % 2).isEqualTo(1));

        DescribeContainerGroupsRequest byName = new DescribeContainerGroupsRequest();
        byName.setRegionId("cn-hangzhou");
        byName.setContainerGroupName("page-7");
        assertThat(sdk.call(byName).getContainerGroups()).hasSize(1);

        DescribeContainerGroupsRequest tooMany = new DescribeContainerGroupsRequest();
        tooMany.setRegionId("cn-hangzhou");
        tooMany.setLimit(21);
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(tooMany)).getErrCode())
                .isEqualTo("InvalidParameter.Limit");

        // DescribeContainerGroupStatus: CommonRequest, Limit 20 -> 3 pages
        seen.clear();
        token = "";
        pages = 0;
        do {
            JsonNode page = sdk.common("DescribeContainerGroupStatus",
                    token.isEmpty() ? Map.of("Limit", "20") : Map.of("Limit", "20", "NextToken", token));
            page.get("Data").forEach(n -> seen.add(n.get("ContainerGroupId").asString()));
            token = page.get("NextToken").asString();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(ids);

        // DescribeContainerGroupStatus by tag in pages of 10: the 22 odd ones
        Set<String> oddStatus = new HashSet<>();
        token = "";
        do {
            Map<String, String> q = new java.util.HashMap<>(Map.of("Limit", "10", "Tag.1.Key", "batch", "Tag.1.Value", "odd"));
            if (!token.isEmpty()) {
                q.put("NextToken", token);
            }
            JsonNode page = sdk.common("DescribeContainerGroupStatus", q);
            page.get("Data").forEach(n -> oddStatus.add(n.get("Name").asString()));
            token = page.get("NextToken").asString();
        } while (!token.isEmpty());
        assertThat(oddStatus).containsExactlyInAnyOrderElementsOf(odd);

        DescribeContainerGroupsRequest page1 = new DescribeContainerGroupsRequest();
        page1.setRegionId("cn-hangzhou");
        page1.setContainerGroupName("page-1");
        DeleteContainerGroupRequest delete = new DeleteContainerGroupRequest();
        delete.setRegionId("cn-hangzhou");
        delete.setContainerGroupId(sdk.call(page1).getContainerGroups().get(0).getContainerGroupId());
        delete.putQueryParameter("Force", "true");
        sdk.call(delete);
        byTag.setLimit(20);
        byTag.setNextToken(null);
        assertThat(sdk.call(byTag).getTotalCount()).isEqualTo(21);
    }

    @Test
    void describeStatusIsKubernetesShapedAndHonoursSinceSecond() throws Exception {
        String id = sdk.createId(Sdk.create("status-1", "nginx"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Running"));
        JsonNode data = sdk.common("DescribeContainerGroupStatus",
                Map.of("ContainerGroupIds", "[\"" + id + "\"]", "SinceSecond", "60")).get("Data");
        assertThat(data).hasSize(1);
        JsonNode d = data.get(0);
        assertThat(d.get("Status").asString()).isEqualTo("Running");
        assertThat(d.get("Name").asString()).isEqualTo("status-1");
        JsonNode ps = d.get("PodStatus");
        assertThat(ps.get("Phase").asString()).isEqualTo("Running");
        assertThat(ps.get("PodIp").asString()).startsWith("10.0.");
        assertThat(ps.get("ContainerStatuses").get(0).get("Ready").asBoolean()).isTrue();
        assertThat(ps.get("ContainerStatuses").get(0).get("State").get("Running").get("StartedAt").asString()).endsWith("Z");
        List<String> conditions = new ArrayList<>();
        ps.get("Conditions").forEach(c -> conditions.add(c.get("Type").asString() + "=" + c.get("Status").asString()));
        assertThat(conditions).contains("Ready=True", "PodScheduled=True", "ContainersReady=True");

        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(sdk.common("DescribeContainerGroupStatus", Map.of("SinceSecond", "1")).get("Data")).isEmpty();
        assertThat(sdk.common("DescribeContainerGroupStatus", Map.of("SinceSecond", "60")).get("Data")).hasSize(1);
    }

    @Test
    void describeEventsPerInstance() throws Exception {
        String id = sdk.createId(Sdk.create("events-1", "nginx"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Running"));
        JsonNode data = sdk.common("DescribeContainerGroupEvents",
                Map.of("ContainerGroupIds", "[\"" + id + "\"]", "SinceSecond", "60", "Limit", "200")).get("Data");
        assertThat(data).hasSize(1);
        List<String> reasons = new ArrayList<>();
        data.get(0).get("Events").forEach(e -> reasons.add(e.get("Reason").asString()));
        assertThat(reasons).containsExactly("Scheduled", "Pulling", "Pulled", "Created", "Started");
        assertThat(data.get(0).get("Events").get(0).get("FirstTimestamp").asString()).endsWith("Z");
    }

    @Test
    void expiredSpotInstance() throws Exception {
        CreateContainerGroupRequest r = Sdk.create("spot-1", "nginx");
        r.setSpotStrategy("SpotAsPriceGo");
        String id = sdk.createId(r);
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(id).equals("Running"));
        assertThat(emulator.admin().expire(id)).isTrue();
        assertThat(sdk.status(id)).isEqualTo("Expired");
        assertThat(emulator.admin().instance(id).orElseThrow().expiredTime()).isNotNull();
    }

    @Test
    void noDuplicateInstancesPerPodUid() throws Exception {
        for (int k = 0; k < 5; k++) {
            CreateContainerGroupRequest r = Sdk.create("dup-" + k, "nginx");
            r.setClientToken("uid-" + (k % 3));
            r.setContainerGroupName("dup-" + (k % 3));
            r.setTags(List.of(Sdk.tag("k8s-pod-uid", "uid-" + (k % 3))));
            sdk.createId(r);
        }
        assertThat(emulator.admin().instanceCountByTag("k8s-pod-uid"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("uid-0", 1L, "uid-1", 1L, "uid-2", 1L));
        assertThat(emulator.admin().stats().get("CreateContainerGroup").served()).isEqualTo(5);
    }

    @Test
    void nfsDiskAndFlexVolumesAreKeptAndDescribed() throws Exception {
        emulator.admin().createDisk("d-data", "cn-hangzhou-k", 40);
        CreateContainerGroupRequest r = Sdk.create("volumes-1", "nginx");
        CreateContainerGroupRequest.Volume nfs = new CreateContainerGroupRequest.Volume();
        nfs.setName("shared");
        nfs.setType("NFSVolume");
        nfs.setNFSVolumeServer("nas.example.com");
        nfs.setNFSVolumePath("/share");
        nfs.setNFSVolumeReadOnly(true);
        CreateContainerGroupRequest.Volume disk = new CreateContainerGroupRequest.Volume();
        disk.setName("data");
        disk.setType("DiskVolume");
        disk.setDiskVolumeDiskId("d-data");
        disk.setDiskVolumeFsType("ext4");
        disk.setDiskVolumeDiskSize(20); // not the disk's 40 GiB: the cloud uses the disk as it is
        r.setVolumes(List.of(nfs, disk));
        // SDK 1.0.13 has no FlexVolume fields: the flattened parameters as the newer SDKs send them
        r.putQueryParameter("Volume.3.Name", "oss");
        r.putQueryParameter("Volume.3.Type", "FlexVolume");
        r.putQueryParameter("Volume.3.FlexVolume.Driver", "alicloud/oss");
        r.putQueryParameter("Volume.3.FlexVolume.Options", "{\"bucket\":\"logs\"}");
        r.getContainers().get(0).setVolumeMounts(List.of(Sdk.mount("shared", "/shared"), Sdk.mount("data", "/data"),
                Sdk.mount("oss", "/oss")));
        r.setContainers(r.getContainers());
        String id = sdk.createId(r);

        InstanceView v = emulator.admin().instance(id).orElseThrow();
        assertThat(v.zoneId()).isEqualTo("cn-hangzhou-k"); // the disk's zone, though the region tries j first
        assertThat(v.volumes()).containsExactly(
                new InstanceView.VolumeView("shared", "NFSVolume", Map.of("NFSVolume.Server", "nas.example.com",
                        "NFSVolume.Path", "/share", "NFSVolume.ReadOnly", "true")),
                new InstanceView.VolumeView("data", "DiskVolume", Map.of("DiskVolume.DiskId", "d-data",
                        "DiskVolume.DiskSize", "20", "DiskVolume.FsType", "ext4")),
                new InstanceView.VolumeView("oss", "FlexVolume", Map.of("FlexVolume.Driver", "alicloud/oss",
                        "FlexVolume.Options", "{\"bucket\":\"logs\"}")));
        assertThat(v.volumes().get(0).fields().keySet())
                .containsExactly("NFSVolume.Server", "NFSVolume.Path", "NFSVolume.ReadOnly");

        DescribeContainerGroupsResponse.ContainerGroup g = sdk.describe(id).orElseThrow();
        assertThat(g.getVolumes()).extracting(DescribeContainerGroupsResponse.ContainerGroup.Volume::getName,
                DescribeContainerGroupsResponse.ContainerGroup.Volume::getType).containsExactly(
                tuple("shared", "NFSVolume"), tuple("data", "DiskVolume"), tuple("oss", "FlexVolume"));
        assertThat(g.getVolumes().get(0).getNFSVolumeServer()).isEqualTo("nas.example.com");
        assertThat(g.getVolumes().get(0).getNFSVolumePath()).isEqualTo("/share");
        assertThat(g.getVolumes().get(0).getNFSVolumeReadOnly()).isTrue();
        // fields SDK 1.0.13 does not read, as the newer SDKs do
        JsonNode volumes = sdk.common("DescribeContainerGroups", Map.of("ContainerGroupIds", "[\"" + id + "\"]"))
                .get("ContainerGroups").get(0).get("Volumes");
        assertThat(volumes.get(1).get("DiskVolumeDiskId").asString()).isEqualTo("d-data");
        assertThat(volumes.get(1).get("DiskVolumeFsType").asString()).isEqualTo("ext4");
        assertThat(volumes.get(1).get("DiskVolumeDiskSize").asInt()).isEqualTo(20);
        assertThat(volumes.get(2).get("FlexVolumeDriver").asString()).isEqualTo("alicloud/oss");
        assertThat(volumes.get(2).get("FlexVolumeOptions").asString()).isEqualTo("{\"bucket\":\"logs\"}");
    }

    /**
     * UpdateContainerGroup as a kubelet's token rotation needs it: a ConfigFileVolume's files replaced, the tags
     * set, the containers left running; what the emulator does not model, and a settled instance, are refused.
     */
    @Test
    void anUpdateReplacesConfigFilesAndTagsOfARunningInstance() throws Exception {
        CreateContainerGroupRequest r = Sdk.create("token-1", "nginx");
        CreateContainerGroupRequest.Volume files = new CreateContainerGroupRequest.Volume();
        files.setName("kube-api-access");
        files.setType("ConfigFileVolume");
        files.setConfigFileVolumeConfigFileToPaths(List.of(file("token", "one"), file("namespace", "default")));
        r.setVolumes(List.of(files));
        r.setTags(List.of(Sdk.tag("owner", "a"), Sdk.tag("renew", "1")));
        String id = sdk.createId(r);
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(sdk.status(id)).isEqualTo("Running");

        UpdateContainerGroupRequest u = new UpdateContainerGroupRequest();
        u.setSysRegionId("cn-hangzhou");
        u.setContainerGroupId(id);
        files.setConfigFileVolumeConfigFileToPaths(List.of(file("token", "two"), file("namespace", "default")));
        u.setVolumes(List.of(files));
        u.setTags(List.of(Sdk.tag("renew", "2")));
        sdk.call(u);

        assertThat(emulator.admin().configFile(id, "kube-api-access", "token")).contains("two");
        assertThat(emulator.admin().configFile(id, "kube-api-access", "namespace")).contains("default");
        DescribeContainerGroupsResponse.ContainerGroup g = sdk.describe(id).orElseThrow();
        assertThat(g.getStatus()).isEqualTo("Running");
        assertThat(g.getContainers().get(0).getRestartCount()).isZero();
        assertThat(g.getTags()).extracting(DescribeContainerGroupsResponse.ContainerGroup.Label::getKey,
                DescribeContainerGroupsResponse.ContainerGroup.Label::getValue).containsExactlyInAnyOrder(
                tuple("owner", "a"), tuple("renew", "2"));
        assertThat(g.getVolumes().get(0).getConfigFileVolumeConfigFileToPaths())
                .extracting(DescribeContainerGroupsResponse.ContainerGroup.Volume.ConfigFileVolumeConfigFileToPath::getContent)
                .containsExactly(Base64.getEncoder().encodeToString("two".getBytes(StandardCharsets.UTF_8)),
                        Base64.getEncoder().encodeToString("default".getBytes(StandardCharsets.UTF_8)));
        // the tag index follows: a listing by the new tag finds it, by the old value not
        assertThat(sdk.common("DescribeContainerGroups", Map.of("Tag.1.Key", "renew", "Tag.1.Value", "2"))
                .get("TotalCount").asInt()).isEqualTo(1);
        assertThat(sdk.common("DescribeContainerGroups", Map.of("Tag.1.Key", "renew", "Tag.1.Value", "1"))
                .get("TotalCount").asInt()).isZero();

        assertThatThrownBy(() -> sdk.common("UpdateContainerGroup", Map.of("ContainerGroupId", id, "Cpu", "2.0")))
                .hasMessageContaining("InvalidParameter").hasMessageContaining("Cpu");
        assertThatThrownBy(() -> sdk.common("UpdateContainerGroup", Map.of("ContainerGroupId", id,
                "Volume.1.Name", "other", "Volume.1.Type", "ConfigFileVolume")))
                .hasMessageContaining("other is not one of " + id);
        delete(sdk, id);
        assertThatThrownBy(() -> sdk.common("UpdateContainerGroup", Map.of("ContainerGroupId", id, "Tag.1.Key", "k",
                "Tag.1.Value", "v"))).hasMessageContaining("IncorrectStatus")
                .hasMessageContaining("is Terminating; only a Pending or Running container group can be updated");
    }

    private static CreateContainerGroupRequest.Volume.ConfigFileVolumeConfigFileToPath file(String path, String content) {
        CreateContainerGroupRequest.Volume.ConfigFileVolumeConfigFileToPath f =
                new CreateContainerGroupRequest.Volume.ConfigFileVolumeConfigFileToPath();
        f.setPath(path);
        f.setContent(Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
        return f;
    }

    @Test
    void volumeValidationErrorsComeBackWithTheCloudsCodes() {
        CreateContainerGroupRequest noServer = Sdk.create("vol-1", "nginx");
        CreateContainerGroupRequest.Volume nfs = new CreateContainerGroupRequest.Volume();
        nfs.setName("shared");
        nfs.setType("NFSVolume");
        nfs.setNFSVolumePath("/share");
        noServer.setVolumes(List.of(nfs));
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(noServer)).getErrCode())
                .isEqualTo("MissingParameter.Volume.1.NFSVolume.Server");

        CreateContainerGroupRequest unmounted = Sdk.create("vol-2", "nginx");
        unmounted.getContainers().get(0).setVolumeMounts(List.of(Sdk.mount("data", "/data")));
        unmounted.setContainers(unmounted.getContainers());
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(unmounted)).getErrCode())
                .isEqualTo("InvalidParameter.Container.1.VolumeMount.1.Name");
    }

    @Test
    void aDiskThatDoesNotExistIsNotFound() {
        emulator.admin().createDisk("d-forgotten", "cn-hangzhou-j", 20);
        emulator.admin().reset();
        for (String diskId : List.of("d-nowhere", "d-forgotten")) {
            ClientException e = catchThrowableOfType(ClientException.class,
                    () -> sdk.call(Sdk.withDisk("nodisk", "nginx", diskId)));
            assertThat(e).isNotInstanceOf(ServerException.class);
            assertThat(e.getErrCode()).isEqualTo("InvalidDiskId.NotFound");
            assertThat(e.getErrMsg()).isEqualTo("The specified disk does not exist.");
        }
        assertThat(emulator.admin().instances()).isEmpty();
    }

    @Test
    void aDiskPlacesTheInstanceInItsZoneOnly() throws Exception {
        emulator.admin().createDisk("d-k", "cn-hangzhou-k", 20);
        CreateContainerGroupRequest r = Sdk.withDisk("zoned", "nginx", "d-k");
        r.setVSwitchId("vsw-j");
        ClientException e = catchThrowableOfType(ClientException.class, () -> sdk.call(r));
        assertThat(e.getErrCode()).isEqualTo("DiskVolume.NotInSameZone");
        assertThat(e.getErrMsg()).contains("d-k", "cn-hangzhou-k", "cn-hangzhou-j");

        r.setVSwitchId("vsw-j,vsw-k");
        emulator.admin().setNoStock("cn-hangzhou-k", true);
        assertThat(catchThrowableOfType(ClientException.class, () -> sdk.call(r)).getErrCode())
                .isEqualTo("ContainerGroup.NoStock"); // zone j has stock, but not the disk
        emulator.admin().setNoStock("cn-hangzhou-k", false);
        InstanceView v = emulator.admin().instance(sdk.createId(r)).orElseThrow();
        assertThat(v.zoneId()).isEqualTo("cn-hangzhou-k");
        assertThat(v.vSwitchId()).isEqualTo("vsw-k");
    }

    @Test
    void anAttachedDiskIsRefusedToASecondInstanceUntilTheFirstIsGone() throws Exception {
        AdvancingClock clock = new AdvancingClock();
        Duration terminating = Duration.ofMinutes(10); // within the signature's 15 minutes once the clock moves
        try (EciEmulator slowDelete = EciEmulator.start(EmulatorSettings.builder().clock(clock)
                .timing(new Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO, terminating)).build())) {
            Sdk client = new Sdk(slowDelete);
            slowDelete.admin().createDisk("d-one", "cn-hangzhou-j", 20);
            CreateContainerGroupRequest first = Sdk.withDisk("holder", "nginx", "d-one");
            first.setClientToken("holder-token");
            String holder = client.createId(first);
            assertThat(client.createId(first)).isEqualTo(holder); // the same create again is no conflict
            assertThat(client.status(holder)).isEqualTo("Running");
            CreateContainerGroupRequest second = Sdk.withDisk("waiter", "nginx", "d-one");
            assertDiskAttachedTo(client, second, "d-one", holder);

            delete(client, holder);
            assertThat(client.status(holder)).isEqualTo("Terminating");
            assertDiskAttachedTo(client, second, "d-one", holder);

            clock.advance(terminating);
            await().atMost(Duration.ofSeconds(5)).until(() -> client.status(holder).equals("(gone)"));
            String next = client.createId(second);
            assertThat(slowDelete.admin().instance(next).orElseThrow().volumes())
                    .extracting(InstanceView.VolumeView::fields).containsExactly(Map.of("DiskVolume.DiskId", "d-one"));
            assertDiskAttachedTo(client, Sdk.withDisk("third", "nginx", "d-one"), "d-one", next);
        }
    }

    @Test
    void aSettledInstanceHoldsItsDiskUntilDeleted() throws Exception {
        emulator.admin().createDisk("d-job", "cn-hangzhou-j", 20);
        CreateContainerGroupRequest job = Sdk.withDisk("job", "crashy:1", "d-job");
        job.setRestartPolicy("Never");
        String failed = sdk.createId(job);
        await().atMost(Duration.ofSeconds(5)).until(() -> sdk.status(failed).equals("Failed"));
        CreateContainerGroupRequest retry = Sdk.withDisk("job-2", "nginx", "d-job");
        assertDiskAttachedTo(sdk, retry, "d-job", failed);

        delete(sdk, failed); // settled: gone at once
        assertThat(sdk.createId(retry)).startsWith("eci-");
    }

    @Test
    void concurrentCreatesOnOneDiskAttachItOnce() throws Exception {
        emulator.admin().createDisk("d-race", "cn-hangzhou-j", 20);
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                CreateContainerGroupRequest r = Sdk.withDisk("race-" + k, "nginx", "d-race");
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return sdk.createId(r);
                    } catch (ClientException e) {
                        return e.getErrCode();
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> f : outcomes) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn(s -> s.startsWith("eci-")).hasSize(1);
            assertThat(results).filteredOn(s -> !s.startsWith("eci-")).hasSize(n - 1).containsOnly("IncorrectDiskStatus");
            assertThat(emulator.admin().instances()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertDiskAttachedTo(Sdk client, CreateContainerGroupRequest r, String diskId, String holder) {
        ClientException e = catchThrowableOfType(ClientException.class, () -> client.call(r));
        assertThat(e).as("create while %s holds %s", holder, diskId).isNotNull();
        assertThat(e.getErrCode()).isEqualTo("IncorrectDiskStatus");
        assertThat(e.getErrMsg()).isEqualTo("The disk " + diskId + " is attached to " + holder + ".");
    }

    private static void delete(Sdk client, String id) throws ClientException {
        DeleteContainerGroupRequest d = new DeleteContainerGroupRequest();
        d.setRegionId("cn-hangzhou");
        d.setContainerGroupId(id);
        client.call(d);
    }

    /** The system clock plus an offset a test moves forward, so "a second later" needs no waiting. */
    static final class AdvancingClock extends Clock {

        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.offset(Clock.system(zone), offset);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
