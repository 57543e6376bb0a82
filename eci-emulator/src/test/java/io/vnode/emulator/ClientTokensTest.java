package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientTokensTest {

    static final String REQUEST = "Action=CreateContainerGroup&ContainerGroupName=pod-a&Container.1.Image=nginx"
            + "&Signature=s1&SignatureNonce=n1&Timestamp=2024-01-01T00:00:00Z&AccessKeyId=ak";

    /** A retry re-signs the request: a new Signature, nonce and Timestamp must not make it another request. */
    @ParameterizedTest(name = "{0}: same request {1}")
    @CsvSource(delimiter = '|', value = {
            "Container.1.Image=nginx&ContainerGroupName=pod-a&Action=CreateContainerGroup|true",
            "Action=CreateContainerGroup&ContainerGroupName=pod-a&Container.1.Image=nginx&Signature=s2&SignatureNonce=n2"
                    + "&Timestamp=2024-01-01T00:00:09Z&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureType="
                    + "&AccessKeyId=other&Format=JSON&SecurityToken=t|true",
            "Action=CreateContainerGroup&ContainerGroupName=pod-b&Container.1.Image=nginx|false",
            "Action=CreateContainerGroup&ContainerGroupName=pod-a&Container.1.Image=nginx&Cpu=2|false",
            "Action=CreateContainerGroup&ContainerGroupName=pod-a&Container.1.Image=nginx:1|false"})
    void digestIgnoresTransportParameters(String other, boolean same) {
        assertThat(ClientTokens.digest(Params.parse(other)) == ClientTokens.digest(Params.parse(REQUEST))).isEqualTo(same);
    }

    @Test
    void retryGetsTheFirstInstanceAndAnotherRequestIsRefused() {
        ClientTokens tokens = new ClientTokens(10);
        assertThat(tokens.instanceFor("tok", 1)).isNull();
        tokens.remember("tok", 1, "eci-1");
        assertThat(tokens.instanceFor("tok", 1)).isEqualTo("eci-1");
        assertThatThrownBy(() -> tokens.instanceFor("tok", 2)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("IdempotentParameterMismatch"));
        tokens.clear();
        assertThat(tokens.instanceFor("tok", 2)).isNull();
    }

    @Test
    void forgetsTheOldestPastTheLimit() {
        ClientTokens tokens = new ClientTokens(2);
        tokens.remember("a", 1, "eci-a");
        tokens.remember("b", 1, "eci-b");
        tokens.remember("c", 1, "eci-c");
        assertThat(tokens.instanceFor("a", 1)).isNull();
        assertThat(tokens.instanceFor("b", 1)).isEqualTo("eci-b");
        assertThat(tokens.instanceFor("c", 1)).isEqualTo("eci-c");
    }
}
