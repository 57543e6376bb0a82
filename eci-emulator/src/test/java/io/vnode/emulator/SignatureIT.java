package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.HmacSHA1Signer;
import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpRequest;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.regions.ProductDomain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests signed by the SDK are checked like the cloud checks them. */
class SignatureIT {

    static EciEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = EciEmulator.start(EmulatorSettings.builder().timing(Timing.instant()).build());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static DescribeContainerGroupsRequest describe() {
        DescribeContainerGroupsRequest r = new DescribeContainerGroupsRequest();
        r.setRegionId("cn-hangzhou");
        return r;
    }

    @Test
    void correctlySignedGetAndPostAreServed() throws Exception {
        assertThat(new Sdk(emulator).call(describe()).getRequestId()).matches("[0-9A-F-]{36}");
        DescribeContainerGroupsRequest post = describe();
        post.setSysMethod(MethodType.POST);
        assertThat(new Sdk(emulator).call(post).getTotalCount()).isZero();
    }

    /**
     * The emulator answers SignatureDoesNotMatch with "server string to sign is:..."; the SDK compares that with
     * its own string to sign and, when they are equal (our canonicalization matches the SDK's), reports
     * SDK.InvalidAccessKeySecret instead.
     */
    @Test
    void wrongSecretIsRefused() {
        ClientException e = catchThrowableOfType(ClientException.class,
                () -> new Sdk(emulator, "testAkId", "wrong").call(describe()));
        assertThat(e.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");
        assertThat(emulator.admin().stats().get("DescribeContainerGroups").errorsByCode())
                .containsKey("SignatureDoesNotMatch");
    }

    @Test
    void unknownAccessKeyIsRefused() {
        ClientException e = catchThrowableOfType(ClientException.class,
                () -> new Sdk(emulator, "nobody", "testAkSecret").call(describe()));
        assertThat(e.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    }

    @Test
    void staleTimestampIsRefused() {
        try (EciEmulator future = EciEmulator.start(EmulatorSettings.builder()
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16))).build())) {
            ClientException e = catchThrowableOfType(ClientException.class, () -> new Sdk(future).call(describe()));
            assertThat(e.getErrCode()).isEqualTo("InvalidTimeStamp.Expired");
        }
    }

    /** The SDK never reuses a nonce, so replay its signed URL as a retrying proxy would. */
    @Test
    void replayedNonceIsRefused() throws Exception {
        DescribeContainerGroupsRequest r = describe();
        r.setSysProtocol(ProtocolType.HTTP);
        HttpRequest signed = r.signRequest(new HmacSHA1Signer(), new BasicCredentials("testAkId", "testAkSecret"),
                FormatType.JSON, new ProductDomain("Eci", emulator.endpoint()));
        HttpClient http = HttpClient.newHttpClient();
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(URI.create(signed.getSysUrl())).GET().build();
        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("\"Code\":\"SignatureNonceUsed\"");
    }

    @Test
    void signatureCheckingCanBeTurnedOff() throws Exception {
        try (EciEmulator open = EciEmulator.start(EmulatorSettings.builder().checkSignature(false).build())) {
            assertThat(new Sdk(open, "anyone", "anything").call(describe()).getTotalCount()).isZero();
        }
    }
}
