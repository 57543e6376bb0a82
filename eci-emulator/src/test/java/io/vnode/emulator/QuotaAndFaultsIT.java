package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuotaAndFaultsIT {

    static EciEmulator emulator;
    static Sdk sdk;

    @BeforeAll
    static void start() {
        emulator = EciEmulator.start(EmulatorSettings.builder().timing(Timing.instant()).faultSeed(7).build());
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

    static DescribeContainerGroupsRequest describe() {
        DescribeContainerGroupsRequest r = new DescribeContainerGroupsRequest();
        r.setRegionId("cn-hangzhou");
        return r;
    }

    @Test
    void throttledCreateScenario() throws Exception {
        emulator.admin().setRateLimit("CreateContainerGroup", 100, Duration.ofSeconds(10));
        int ok = 0;
        int throttled = 0;
        long start = System.nanoTime();
        for (int k = 0; k < 300; k++) {
            try {
                sdk.createId(Sdk.create("burst-" + k, "nginx"));
                ok++;
            } catch (ClientException e) {
                assertThat(e).isNotInstanceOf(ServerException.class);
                assertThat(e.getErrCode()).isEqualTo("Throttling.User");
                assertThat(e.getErrMsg()).isEqualTo("Request was denied due to user flow control.");
                throttled++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(ok).isBetween(100, 100 + (int) Math.ceil(seconds * 10) + 1);
        assertThat(ok + throttled).isEqualTo(300);
        ApiStats stats = emulator.admin().stats().get("CreateContainerGroup");
        assertThat(stats.served()).isEqualTo(ok);
        assertThat(stats.throttled()).isEqualTo(throttled);
        assertThat(stats.errorsByCode()).containsEntry("Throttling.User", (long) throttled);
        assertThat(emulator.admin().instances()).hasSize(ok);
    }

    @Test
    void injectedFaultsSurfaceAsTheSdksExceptions() {
        emulator.admin().setFaults("DescribeContainerGroups", FaultSettings.unavailable(1));
        ServerException unavailable = catchThrowableOfType(ServerException.class, () -> sdk.call(describe()));
        assertThat(unavailable.getErrCode()).isEqualTo("ServiceUnavailable");

        emulator.admin().setFaults("DescribeContainerGroups", FaultSettings.internalError(1));
        ServerException internal = catchThrowableOfType(ServerException.class, () -> sdk.call(describe()));
        assertThat(internal.getErrCode()).isEqualTo("InternalError");

        emulator.admin().setFaults("*", FaultSettings.throttle(1));
        emulator.admin().setFaults("DescribeContainerGroups", FaultSettings.NONE);
        ClientException throttled = catchThrowableOfType(ClientException.class,
                () -> sdk.createId(Sdk.create("x-1", "nginx")));
        assertThat(throttled).isNotInstanceOf(ServerException.class);
        assertThat(throttled.getErrCode()).isEqualTo("Throttling.User");
    }

    @Test
    void faultProbabilityIsHonoured() {
        emulator.admin().setFaults("DescribeContainerGroups", FaultSettings.internalError(0.3));
        int failures = 0;
        for (int k = 0; k < 200; k++) {
            try {
                sdk.call(describe());
            } catch (ServerException e) {
                failures++;
            } catch (ClientException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(failures).isBetween(35, 85);
        assertThat(emulator.admin().stats().get("DescribeContainerGroups").errorsByCode())
                .containsEntry("InternalError", (long) failures);
    }

    @Test
    void droppedConnectionAndAddedLatency() throws Exception {
        emulator.admin().setFaults("DescribeContainerGroups", FaultSettings.drop(1));
        ClientException dropped = catchThrowableOfType(ClientException.class, () -> sdk.call(describe()));
        assertThat(dropped.getErrCode()).startsWith("SDK.");

        emulator.admin().setFaults("DescribeContainerGroups", FaultSettings.latency(Duration.ofMillis(300)));
        long start = System.nanoTime();
        sdk.call(describe());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
