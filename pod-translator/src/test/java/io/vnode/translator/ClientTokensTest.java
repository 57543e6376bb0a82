package io.vnode.translator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.translator.domain.ClientTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientTokensTest {

    @ParameterizedTest
    @CsvSource({
        "default, nginx-9cdf7bbf9-s7x2k, default-nginx-9cdf7bbf9-s7x2k",
        "vk, test.web_1, vk-test-web-1",
        "Shop, Web, shop-web"
    })
    void containerGroupNameUsesTheCloudAlphabet(String ns, String pod, String expected) {
        assertThat(ClientTokens.containerGroupName(ns, pod)).isEqualTo(expected).matches("[a-z0-9][a-z0-9-]{0,126}[a-z0-9]");
    }

    @Test
    void longNamesAreCutTo128WithoutTrailingDash() {
        String name = ClientTokens.containerGroupName("ns", "a".repeat(124) + "-bbbbbb");
        assertThat(name).hasSizeLessThanOrEqualTo(128).doesNotEndWith("-");
    }

    @Test
    void clientTokenIsTheUidAndAtMost64Ascii() {
        assertThat(ClientTokens.clientToken("6f1c2a9e-3b7d-4c21-9a55-0d2e8f4b1c77")).isEqualTo("6f1c2a9e-3b7d-4c21-9a55-0d2e8f4b1c77");
        assertThat(ClientTokens.clientToken("x".repeat(100))).hasSize(64);
    }
}
