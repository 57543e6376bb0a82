package io.vnode.emulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PopSignatureTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {"a b|a%20b", "a*b|a%2Ab", "a~b|a~b", "a+b|a%2Bb", "/|%2F", "[\"x\"]|%5B%22x%22%5D",
            "2026-11-23T09:44:03Z|2026-11-23T09%3A44%3A03Z", "é|%C3%A9", "A-z_0.9|A-z_0.9"})
    void percentEncodesPerPopRules(String raw, String encoded) {
        assertThat(PopSignature.percentEncode(raw)).isEqualTo(encoded);
    }

    @Test
    void stringToSignSortsAndLeavesSignatureOut() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Version", "2018-08-08");
        p.put("Action", "DescribeContainerGroups");
        p.put("Signature", "ignored");
        p.put("Tag.1.Key", "a b");
        assertThat(PopSignature.stringToSign("GET", p))
                .isEqualTo("GET&%2F&Action%3DDescribeContainerGroups%26Tag.1.Key%3Da%2520b%26Version%3D2018-08-08");
    }

    /** The HMAC and key form agree with the aliyun SDK's own signer. */
    @Test
    void agreesWithTheSdkSigner() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccessKeyId", "testid");
        p.put("Action", "DescribeContainerGroups");
        p.put("Timestamp", "2016-02-23T12:46:24Z");
        p.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        String sdk = new com.aliyuncs.auth.HmacSHA1Signer()
                .signString(PopSignature.stringToSign("GET", p), "testsecret&");
        assertThat(PopSignature.sign("GET", p, "testsecret")).isEqualTo(sdk);
    }

    @Test
    void verifyRejectsATamperedParameterOrWrongSecret() {
        Map<String, String> p = new LinkedHashMap<>(Map.of("Action", "CreateContainerGroup", "Cpu", "2"));
        p.put("Signature", PopSignature.sign("GET", p, "s3cret"));
        assertThat(PopSignature.verify("GET", p, "s3cret")).isTrue();
        assertThat(PopSignature.verify("POST", p, "s3cret")).isFalse();
        assertThat(PopSignature.verify("GET", p, "other")).isFalse();
        p.put("Cpu", "4");
        assertThat(PopSignature.verify("GET", p, "s3cret")).isFalse();
    }
}
