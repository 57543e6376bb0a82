package io.vnode.reconciler.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.reconciler.domain.DeadLetter;
import io.vnode.localkube.PodFixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadLetterNotifierTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<String> calls = new ArrayList<>();
    Pod stored = new PodBuilder(PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), "vk"))
            .editMetadata().withResourceVersion("1").endMetadata().withNewStatus().withPhase("Pending").endStatus().build();
    RuntimeException failWith;
    RuntimeException statusFailsWith;

    final PodGateway pods = new PodGateway() {
        public Optional<Pod> get(String namespace, String name) {
            calls.add("get");
            if (failWith != null) {
                throw failWith;
            }
            return Optional.of(stored);
        }

        public Optional<Pod> write(Pod current, Pod desired) {
            calls.add("status");
            if (statusFailsWith != null) {
                throw statusFailsWith;
            }
            stored = desired;
            return Optional.of(desired);
        }

        public void deleteNow(Pod pod) {
            throw new UnsupportedOperationException();
        }
    };
    final EventRecorder events = (pod, node, note) -> calls.add("event " + note.reason());
    final DeadLetterNotifier notifier = new DeadLetterNotifier(pods, events, meters,
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), 3,
            new ApiAccess(meters, Clock.systemUTC(), java.time.Duration.ofMinutes(1)));

    DeadLetter letter() {
        return new DeadLetter("vnode.instance.commands.v1", "instance.create-requested.v1", stored.getMetadata().getNamespace(),
                stored.getMetadata().getName(), stored.getMetadata().getUid(), "Rejected");
    }

    @Test
    void theSameRecordDeliveredAgainChangesNothing() {
        assertThat(notifier.tell("t.dlq-0@7", letter())).isEqualTo("told");
        assertThat(notifier.tell("t.dlq-0@7", letter())).isEqualTo("redelivered");
        assertThat(calls).containsExactly("get", "status", "event ControlPathRejected");
        assertThat(meters.get("vnode.deadletters").tag("topic", "vnode.instance.commands.v1").tag("outcome", "told").counter().count())
                .isEqualTo(1);
    }

    @Test
    void anotherRecordOfTheSameReasonWritesNoStatusAgain() {
        notifier.tell("t.dlq-0@7", letter());
        notifier.tell("t.dlq-0@8", letter());
        assertThat(calls).containsExactly("get", "status", "event ControlPathRejected", "get", "event ControlPathRejected");
    }

    @Test
    void aTransientFailureIsRetriedByTheConsumerAndAnyOtherIsCounted() {
        failWith = new PodGateway.TransientException("down", null);
        assertThatThrownBy(() -> notifier.tell("t.dlq-0@1", letter())).isInstanceOf(PodGateway.TransientException.class);
        failWith = new PodGateway.AccessDeniedException("403", null);
        assertThatThrownBy(() -> notifier.tell("t.dlq-0@1", letter())).isInstanceOf(PodGateway.AccessDeniedException.class);
        failWith = new IllegalArgumentException("422");
        assertThat(notifier.tell("t.dlq-0@1", letter())).isEqualTo("not-told");
        failWith = null;
        assertThat(notifier.tell("t.dlq-0@1", letter())).as("counted once, not told twice").isEqualTo("redelivered");
    }

    @Test
    void aStatusRefusedForGoodStillLeavesTheEvent() {
        statusFailsWith = new IllegalArgumentException("422");
        assertThat(notifier.tell("t.dlq-0@9", letter())).isEqualTo("told");
        assertThat(calls).containsExactly("get", "status", "event ControlPathRejected");
    }
}
