package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.eci.model.v20180808.CreateContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerLogRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"emulator.port=0", "emulator.timing=instant", "emulator.rate-limits.CreateContainerGroup=5/60s",
                "emulator.credentials.standaloneAk=standaloneSecret",
                "emulator.faults.DescribeContainerLog.unavailable=1",
                "emulator.faults.DescribeContainerLog.latency=200ms",
                "emulator.no-stock=4-8Gi"})
class StandaloneApplicationIT {

    @Autowired
    EciEmulator emulator;

    @Autowired
    Environment env;

    @Test
    void servesTheApiFromPropertiesAndHealth() throws Exception {
        assertThat(emulator.settings().rateLimits().get("CreateContainerGroup").permits()).isEqualTo(5);
        String id = new Sdk(emulator, "standaloneAk", "standaloneSecret").createId(Sdk.create("standalone-1", "nginx"));
        assertThat(new Sdk(emulator, "standaloneAk", "standaloneSecret").status(id)).isEqualTo("Running");

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.getProperty("local.server.port") + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    @Test
    void faultAndNoStockFromPropertiesAnswerTheFirstCallAndSurviveReset() {
        Sdk sdk = new Sdk(emulator, "standaloneAk", "standaloneSecret");
        assertThat(emulator.admin().stats()).doesNotContainKeys("DescribeContainerLog");
        firstCallsAnswerTheStartSettings(sdk);

        emulator.admin().reset();
        assertThat(emulator.admin().stats()).isEmpty();
        firstCallsAnswerTheStartSettings(sdk);
    }

    private void firstCallsAnswerTheStartSettings(Sdk sdk) {
        DescribeContainerLogRequest log = new DescribeContainerLogRequest();
        log.setRegionId("cn-hangzhou");
        log.setContainerGroupId("eci-any");
        log.setContainerName("main");
        long start = System.nanoTime();
        ServerException unavailable = catchThrowableOfType(ServerException.class, () -> sdk.call(log));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(unavailable.getErrCode()).isEqualTo("ServiceUnavailable");
        assertThat(emulator.admin().stats().get("DescribeContainerLog").errorsByCode())
                .containsExactlyEntriesOf(Map.of("ServiceUnavailable", 1L));

        CreateContainerGroupRequest big = Sdk.create("standalone-big", "nginx");
        big.setCpu(4f);
        big.setMemory(8f);
        ClientException noStock = catchThrowableOfType(ClientException.class, () -> sdk.call(big));
        assertThat(noStock).isNotInstanceOf(ServerException.class);
        assertThat(noStock.getErrCode()).isEqualTo("ContainerGroup.NoStock");
    }
}
