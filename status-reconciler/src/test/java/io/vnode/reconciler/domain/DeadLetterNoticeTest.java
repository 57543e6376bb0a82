package io.vnode.reconciler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeadLetterNoticeTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:05:00Z");

    static final Pod BASE = Fixtures.pod();

    static Pod pod(String phase, boolean deleting) {
        PodBuilder b = new PodBuilder(BASE);
        if (phase != null) {
            b.withNewStatus().withPhase(phase).endStatus();
        }
        if (deleting) {
            b.editMetadata().withDeletionTimestamp("2026-11-23T10:04:00Z").endMetadata();
        }
        return b.build();
    }

    static DeadLetter letter(Pod pod) {
        return new DeadLetter("vnode.instance.commands.v1", "instance.create-requested.v1", pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(), pod.getMetadata().getUid(), "RequestTooLarge: 1.4 MiB");
    }

    static Stream<Arguments> cases() {
        Pod pending = pod("Pending", false);
        Pod running = pod("Running", false);
        Pod other = new PodBuilder(pending).editMetadata().withUid("another-incarnation").endMetadata().build();
        return Stream.of(
                Arguments.of("pending pod: status and Event", letter(pending), pending, "told", "ControlPathRejected", "Pending"),
                Arguments.of("pod without status: Pending with the reason", letter(pending), pod(null, false), "told", "ControlPathRejected", "Pending"),
                Arguments.of("running pod: Event only", letter(running), running, "told", null, "Running"),
                Arguments.of("succeeded pod: Event only", letter(running), pod("Succeeded", false), "told", null, "Succeeded"),
                Arguments.of("pending pod being deleted: Event only", letter(pending), pod("Pending", true), "told", null, "Pending"),
                Arguments.of("pod gone", letter(pending), null, "pod-gone", null, null),
                Arguments.of("another incarnation", letter(pending), other, "pod-gone", null, null),
                Arguments.of("no namespace", new DeadLetter("t", null, null, "n", "u", "r"), pending, "unidentified", null, null),
                Arguments.of("no uid", new DeadLetter("t", null, "ns", "n", null, "r"), pending, "unidentified", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, DeadLetter letter, Pod current, String label, String statusReason, String phase) {
        DeadLetterNotice.Outcome outcome = DeadLetterNotice.decide(letter, current, NOW);
        assertThat(outcome.label()).isEqualTo(label);
        if (outcome instanceof DeadLetterNotice.Tell tell) {
            assertThat(tell.note().type()).isEqualTo("Warning");
            assertThat(tell.note().reason()).isEqualTo("ControlPathRejected");
            assertThat(tell.note().message()).contains("RequestTooLarge: 1.4 MiB", "instance.create-requested.v1");
            assertThat(tell.pod().getStatus().getReason()).isEqualTo(statusReason);
            assertThat(tell.pod().getStatus().getPhase()).isEqualTo(phase);
            assertThat(tell.statusChanged()).isEqualTo(statusReason != null);
            if (statusReason != null) {
                assertThat(tell.pod().getStatus().getMessage()).isEqualTo(tell.note().message());
                Pod told = tell.pod();
                assertThat(((DeadLetterNotice.Tell) DeadLetterNotice.decide(letter, told, NOW)).statusChanged())
                        .as("told again: nothing to write").isFalse();
            }
        }
    }

    @ParameterizedTest(name = "reason of {0} characters")
    @MethodSource("lengths")
    void reasonIsCut(int length) {
        String message = DeadLetterNotice.message(new DeadLetter("t", null, "ns", "n", "u", "x".repeat(length)));
        assertThat(message.length()).isLessThan(DeadLetterNotice.MAX_REASON + 250);
    }

    static Stream<Integer> lengths() {
        return Stream.of(0, 10, DeadLetterNotice.MAX_REASON, 1000, 100_000);
    }
}
