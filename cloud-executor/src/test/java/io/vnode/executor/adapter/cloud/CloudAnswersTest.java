package io.vnode.executor.adapter.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.executor.domain.CloudError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal reaches the pod with the cloud's code, or with its HTTP status and body: never "HTTP400: null". */
class CloudAnswersTest {

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "400 | {\"Code\":\"InvalidParameter.Image\",\"Message\":\"bad image\",\"RequestId\":\"r-1\"} | InvalidParameter.Image | bad image | Rejected",
        "400 | {\"Code\":\"InvalidParameter\",\"RequestId\":\"r-1\"} | InvalidParameter | HTTP 400, no message | Rejected",
        "400 | '' | HTTP400 | the cloud answered HTTP 400 without an error code: empty body | Rejected",
        "400 | {\"RequestId\":\"r-2\"} | HTTP400 | the cloud answered HTTP 400 without an error code: {\"RequestId\":\"r-2\"} | Rejected",
        "414 | NULL | HTTP414 | the cloud answered HTTP 414 without an error code: empty body | Rejected",
        "413 | <html><body>Request Entity Too Large</body></html> | HTTP413 | the cloud answered HTTP 413 without an error code: <html><body>Request Entity Too Large</body></html> | Rejected",
        "502 | <html>bad gateway</html> | HTTP502 | the cloud answered HTTP 502 without an error code: <html>bad gateway</html> | Transient",
        "404 | '' | NotFound | the cloud answered HTTP 404 without an error code: empty body | NotFound"
    })
    void aRefusalCarriesTheCloudsCodeOrItsStatusAndBody(int status, String body, String code, String message, String kind) {
        CloudAnswers.Refusal r = CloudAnswers.refusal(status, body);
        CloudError error = EciErrorCodes.classify(r.code(), r.message(), r.status());
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.message()).isEqualTo(message);
        assertThat(error.getClass().getSimpleName()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "a body of {0} chars is cut")
    @CsvSource({"5000"})
    void aLongBodyIsCut(int length) {
        CloudAnswers.Refusal r = CloudAnswers.refusal(400, "x".repeat(length));
        assertThat(r.message()).hasSizeLessThan(CloudAnswers.BODY_CHARS + 100).endsWith("... (" + length + " chars)");
    }
}
