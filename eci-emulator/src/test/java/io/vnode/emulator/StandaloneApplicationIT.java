package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"emulator.port=0", "emulator.timing=instant", "emulator.rate-limits.CreateContainerGroup=5/60s",
                "emulator.credentials.standaloneAk=standaloneSecret"})
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
}
