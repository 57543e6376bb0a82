package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin operations over HTTP, as curl or a local stack drives a standalone emulator. */
class AdminHttpIT {

    final HttpClient http = HttpClient.newHttpClient();

    JsonNode send(EciEmulator e, String method, String path, String body) throws Exception {
        HttpResponse<String> resp = exchange(e, method, path, body);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        return Sdk.JSON.readTree(resp.body());
    }

    HttpResponse<String> exchange(EciEmulator e, String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(e.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminOverHttp() throws Exception {
        try (EciEmulator e = EciEmulator.start(EmulatorSettings.builder().timing(Timing.instant()).build())) {
            Sdk sdk = new Sdk(e);
            String id = sdk.createId(Sdk.create("admin-1", "nginx"));

            JsonNode instances = send(e, "GET", "/admin/instances", null);
            assertThat(instances).hasSize(1);
            assertThat(instances.get(0).get("id").asString()).isEqualTo(id);
            assertThat(instances.get(0).get("status").asString()).isEqualTo("Running");
            assertThat(instances.get(0).get("creationTime").asString()).endsWith("Z");

            send(e, "PUT", "/admin/faults/DescribeContainerGroups", "{\"unavailable\":1.0}");
            assertThat(catchThrowableOfType(ServerException.class, () -> sdk.describe(id)).getErrCode())
                    .isEqualTo("ServiceUnavailable");
            send(e, "DELETE", "/admin/faults/DescribeContainerGroups", null);
            assertThat(sdk.describe(id)).isPresent();

            send(e, "PUT", "/admin/rate-limits/DescribeContainerGroups", "{\"permits\":1,\"windowSeconds\":3600}");
            sdk.describe(id);
            assertThat(catchThrowableOfType(ClientException.class, () -> sdk.describe(id)).getErrCode())
                    .isEqualTo("Throttling.User");
            send(e, "DELETE", "/admin/rate-limits/DescribeContainerGroups", null);

            send(e, "PUT", "/admin/disks/d-http", "{\"zoneId\":\"cn-hangzhou-k\",\"sizeGiB\":20}");
            send(e, "PUT", "/admin/disks/d-http", "{\"zoneId\":\"cn-hangzhou-k\",\"sizeGiB\":20}"); // idempotent
            String withDisk = sdk.createId(Sdk.withDisk("admin-disk", "nginx", "d-http"));
            JsonNode view = send(e, "GET", "/admin/instances/" + withDisk, null);
            assertThat(view.get("zoneId").asString()).isEqualTo("cn-hangzhou-k");
            assertThat(view.get("volumes").get(0).get("type").asString()).isEqualTo("DiskVolume");
            assertThat(view.get("volumes").get(0).get("fields").get("DiskVolume.DiskId").asString()).isEqualTo("d-http");
            assertThat(exchange(e, "PUT", "/admin/disks/d-http", "{\"zoneId\":\"cn-hangzhou-j\",\"sizeGiB\":20}")
                    .statusCode()).isEqualTo(400);
            assertThat(exchange(e, "PUT", "/admin/disks/d-mars", "{\"zoneId\":\"mars-1\",\"sizeGiB\":20}")
                    .statusCode()).isEqualTo(400);
            assertThat(exchange(e, "PUT", "/admin/disks/d-nosize", "{\"zoneId\":\"cn-hangzhou-j\"}").statusCode())
                    .isEqualTo(400);

            send(e, "PUT", "/admin/no-stock/2-4Gi", null);
            assertThat(send(e, "GET", "/admin/no-stock", null).get(0).asString()).isEqualTo("2-4Gi");
            assertThat(catchThrowableOfType(ClientException.class, () -> sdk.createId(Sdk.create("admin-2", "nginx")))
                    .getErrCode()).isEqualTo("ContainerGroup.NoStock");

            assertThat(send(e, "POST", "/admin/instances/" + id + "/expire", null).get("expired").asBoolean()).isTrue();
            assertThat(sdk.status(id)).isEqualTo("Expired");

            JsonNode stats = send(e, "GET", "/admin/stats", null);
            assertThat(stats.get("DescribeContainerGroups").get("throttled").asLong()).isEqualTo(1);
            assertThat(stats.get("CreateContainerGroup").get("errorsByCode").get("ContainerGroup.NoStock").asLong()).isEqualTo(1);

            send(e, "POST", "/admin/reset", null);
            assertThat(send(e, "GET", "/admin/instances", null)).isEmpty();
            assertThat(catchThrowableOfType(ClientException.class,
                    () -> sdk.createId(Sdk.withDisk("admin-disk", "nginx", "d-http"))).getErrCode())
                    .isEqualTo("InvalidDiskId.NotFound");
        }
    }
}
