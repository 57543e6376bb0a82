package io.vnode.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeTest {

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of("short", "short"),
                Arguments.of(null, "(no reason given)"),
                Arguments.of("  ", "(no reason given)"),
                Arguments.of("x".repeat(1000), "x".repeat(1000)),
                Arguments.of("x".repeat(1001), "x".repeat(999) + "…"),
                Arguments.of("y".repeat(5000), "y".repeat(999) + "…"));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void deadLetterReasonIsCutToOneLength(String reason, String expected) {
        Envelope dl = Envelope.deadLetter("vnode.pod.lifecycle.v1", "uid-1", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of(Headers.EVENT_TYPE, "pod.bound.v1".getBytes(StandardCharsets.UTF_8)), reason);
        assertThat(dl.topic()).isEqualTo("vnode.pod.lifecycle.v1.dlq");
        assertThat(dl.key()).isEqualTo("uid-1");
        assertThat(dl.header(Headers.DLQ_REASON)).isEqualTo(expected);
        assertThat(dl.header(Headers.DLQ_ORIGINAL_TOPIC)).isEqualTo("vnode.pod.lifecycle.v1");
        assertThat(dl.header(Headers.EVENT_TYPE)).isEqualTo("pod.bound.v1");
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void reasonOfAFailureNamesItsClass(String message, String ignored) {
        String reason = Envelope.reasonOf(new IllegalStateException(message));
        assertThat(reason).startsWith("IllegalStateException: ").hasSizeLessThanOrEqualTo(Envelope.MAX_REASON);
    }
}
