package io.vnode.executor.adapter.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An imagePullSecret that cannot be read names the Secret and never echoes its text. */
class DockerConfigsTest {

    static final ObjectRef PULL = new ObjectRef(RefKind.SECRET, "shop", "acr-pull", false);
    static final String TOKEN = "tok-5e3cr3t-77";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        ".dockerconfigjson | {\"auths\":{\"r.example.com\":{\"auth\":\"" + TOKEN + " | imagePullSecret shop/acr-pull: .dockerconfigjson is not valid JSON",
        ".dockerconfigjson | " + TOKEN + "} | imagePullSecret shop/acr-pull: .dockerconfigjson is not valid JSON",
        ".dockercfg | [" + TOKEN + " | imagePullSecret shop/acr-pull: .dockercfg is not valid JSON",
        ".dockerconfigjson | {\"auths\":{\"r.example.com\":{\"auth\":\"" + TOKEN + "!!\"}}} | imagePullSecret shop/acr-pull: the auth of a registry in .dockerconfigjson is not valid base64"
    })
    void anUnreadableSecretIsAProblemThatQuotesNothingOfIt(String key, String content, String problem) {
        DockerConfigs.Parsed parsed = DockerConfigs.parse(PULL, Map.of(key, content.getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.problem()).isEqualTo(problem).doesNotContain(TOKEN);
        assertThat(parsed.credentials()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "auth | {\"auths\":{\"https://r.example.com/v1/\":{\"auth\":\"AUTH\"}}}",
        "username and password | {\"auths\":{\"r.example.com\":{\"username\":\"robot\",\"password\":\"pw\"}}}"
    })
    void aValidSecretGivesItsLogins(String story, String content) {
        String json = content.replace("AUTH", Base64.getEncoder().encodeToString("robot:pw".getBytes(StandardCharsets.UTF_8)));
        DockerConfigs.Parsed parsed = DockerConfigs.parse(PULL, Map.of(".dockerconfigjson", json.getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.problem()).isNull();
        assertThat(parsed.credentials()).singleElement().satisfies(c -> {
            assertThat(c.server()).isEqualTo("r.example.com");
            assertThat(c.userName()).isEqualTo("robot");
            assertThat(c.password()).isEqualTo("pw");
        });
    }
}
