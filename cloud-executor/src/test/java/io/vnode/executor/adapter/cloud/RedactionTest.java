package io.vnode.executor.adapter.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cloud and SDK error messages can echo request parameters; they are cut before going anywhere. */
class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Server unreachable: connection http://127.0.0.1:1/?Container.1.EnvironmentVar.1.Value=hunter2&A=b failed | "
                + "Server unreachable: connection http://127.0.0.1:1/?<query redacted> failed",
        "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&Value%3Dhunter2 | "
                + "Specified signature is not matched with our calculation. server string to sign <redacted>",
        "The specified parameter Image is not valid. | The specified parameter Image is not valid.",
    })
    void cutsQueriesAndStringsToSign(String message, String expected) {
        assertThat(EciCloudClient.redact(message)).isEqualTo(expected).doesNotContain("hunter2");
    }
}
