package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vnode.agent.domain.PodLifecyclePolicy.PodNeed;
import io.vnode.contracts.Keys;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodDeleting;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.contracts.pod.PodGone;
import io.vnode.localkube.PodFixtures;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodLifecyclePolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final String NODE = "virtual-kubelet-cn-hangzhou-k";

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("bound, no instance", (UnaryOperator<PodBuilder>) b -> b, PodNeed.INSTANCE),
                Arguments.of("pending phase", (UnaryOperator<PodBuilder>) b -> b.withNewStatus().withPhase("Pending").endStatus(), PodNeed.INSTANCE),
                Arguments.of("eci instance recorded", (UnaryOperator<PodBuilder>) b -> b.editMetadata().addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-1").endMetadata(), PodNeed.NOTHING),
                Arguments.of("acs instance recorded", (UnaryOperator<PodBuilder>) b -> b.editMetadata().addToAnnotations(Keys.ACS_INSTANCE_ID, "acs-1").endMetadata(), PodNeed.NOTHING),
                Arguments.of("succeeded", (UnaryOperator<PodBuilder>) b -> b.withNewStatus().withPhase("Succeeded").endStatus(), PodNeed.NOTHING),
                Arguments.of("failed", (UnaryOperator<PodBuilder>) b -> b.withNewStatus().withPhase("Failed").endStatus(), PodNeed.NOTHING),
                Arguments.of("deleting without instance", (UnaryOperator<PodBuilder>) b -> b.editMetadata().withDeletionTimestamp("2026-01-01T09:59:00Z").endMetadata(), PodNeed.DELETION),
                Arguments.of("deleting with instance", (UnaryOperator<PodBuilder>) b -> b.editMetadata().withDeletionTimestamp("2026-01-01T09:59:00Z").addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-1").endMetadata(), PodNeed.DELETION));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("states")
    void needFollowsThePodState(String name, UnaryOperator<PodBuilder> state, PodNeed need) {
        Pod pod = state.apply(new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), NODE))).build();
        assertThat(PodLifecyclePolicy.needOf(pod)).isEqualTo(need);
        assertThat(PodLifecyclePolicy.onObserved(pod, Map.of(), Map.of(), NODE, NOW).map(PodEvent::getClass).orElse(null))
                .isEqualTo(switch (need) {
                    case INSTANCE -> PodBound.class;
                    case DELETION -> PodDeleting.class;
                    case NOTHING -> null;
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void theRetainedCopyYieldsTheSameEventsAsThePod(String name, UnaryOperator<PodBuilder> state, PodNeed need) {
        Pod pod = state.apply(new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), NODE))
                .editMetadata().withResourceVersion("41").withDeletionGracePeriodSeconds(need == PodNeed.DELETION ? 5L : null)
                .addNewManagedField().withManager("kubectl").withOperation("Update").endManagedField().endMetadata()
                .editOrNewStatus().withPodIP("10.0.0.9").addNewContainerStatus().withName("nginx").withReady(true).endContainerStatus().endStatus())
                .build();
        Pod kept = PodLifecyclePolicy.retained(pod);

        assertThat(PodLifecyclePolicy.needOf(kept)).isEqualTo(need);
        assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(comparable(PodLifecyclePolicy.onObserved(kept, Map.of(), Map.of(), NODE, NOW).orElse(null)))
                .isEqualTo(comparable(PodLifecyclePolicy.onObserved(pod, Map.of(), Map.of(), NODE, NOW).orElse(null)));
        assertThat(comparable(PodLifecyclePolicy.onGone(kept, NODE, NOW))).isEqualTo(comparable(PodLifecyclePolicy.onGone(pod, NODE, NOW)));
        if (need == PodNeed.INSTANCE) {
            assertThat(kept.getSpec()).as("a pod waiting for its instance keeps its manifest").isEqualTo(pod.getSpec());
        } else {
            assertThat(kept.getSpec().getContainers()).isEmpty();
            assertThat(kept.getStatus() == null ? null : kept.getStatus().getContainerStatuses()).isNullOrEmpty();
            assertThat(kept.getMetadata().getLabels()).isNullOrEmpty();
        }
    }

    /** An event with its random parts (event id, the span of the traceparent) blanked. */
    private static PodEvent comparable(PodEvent e) {
        if (e == null) {
            return null;
        }
        String trace = e.traceparent().substring(0, 36);
        if (e instanceof PodBound b) {
            return new PodBound("", b.pod(), b.virtualNode(), b.occurredAt(), b.sequence(), trace, b.manifest(), b.namespaceLabels());
        }
        if (e instanceof PodDeleting d) {
            return new PodDeleting("", d.pod(), d.virtualNode(), d.occurredAt(), d.sequence(), trace,
                    d.deletionTimestamp(), d.gracePeriodSeconds(), d.instanceId());
        }
        PodGone g = (PodGone) e;
        return new PodGone("", g.pod(), g.virtualNode(), g.occurredAt(), g.sequence(), trace, g.instanceId());
    }

    @Test
    void boundCarriesManifestNamespaceLabelsAndResourceVersionAsSequence() {
        Pod pod = new PodBuilder(PodFixtures.onNode(PodFixtures.eciNamespacePod("vk"), NODE))
                .editMetadata().withResourceVersion("4711").endMetadata().build();
        PodBound bound = (PodBound) PodLifecyclePolicy.onObserved(pod, Map.of("kind", "Pod"), Map.of(Keys.LABEL_ECI, "true"), NODE, NOW).orElseThrow();
        assertThat(bound.pod().uid()).isEqualTo(pod.getMetadata().getUid());
        assertThat(bound.pod().namespace()).isEqualTo("vk");
        assertThat(bound.sequence()).isEqualTo(4711);
        assertThat(bound.virtualNode()).isEqualTo(NODE);
        assertThat(bound.manifest()).containsEntry("kind", "Pod");
        assertThat(bound.namespaceLabels()).containsEntry(Keys.LABEL_ECI, "true");
        assertThat(bound.traceparent()).startsWith("00-" + pod.getMetadata().getUid().replace("-", "") + "-").endsWith("-01").hasSize(55);
    }

    @Test
    void deletingCarriesGraceAndInstanceGoneIsSequencedAfterTheLastState() {
        Pod pod = new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByLabel(), NODE)).editMetadata()
                .withResourceVersion("12").withDeletionTimestamp("2026-01-01T09:59:00Z").withDeletionGracePeriodSeconds(7L)
                .addToAnnotations(Keys.ECI_INSTANCE_ID, "eci-9").endMetadata().build();
        PodDeleting deleting = (PodDeleting) PodLifecyclePolicy.onObserved(pod, Map.of(), Map.of(), NODE, NOW).orElseThrow();
        assertThat(deleting.gracePeriodSeconds()).isEqualTo(7);
        assertThat(deleting.instanceId()).isEqualTo("eci-9");
        assertThat(deleting.deletionTimestamp()).isEqualTo(Instant.parse("2026-01-01T09:59:00Z"));
        PodGone gone = PodLifecyclePolicy.onGone(pod, NODE, NOW);
        assertThat(gone.sequence()).isGreaterThan(deleting.sequence());
        assertThat(gone.instanceId()).isEqualTo("eci-9");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "null", value = {
        "5,    30,   5", "null, 45,   45", "null, null, 30", "0,    30,   0"})
    void gracePeriodComesFromTheDeletionThenTheSpec(Long deletion, Long termination, long expected) {
        Pod pod = new PodBuilder().withNewMetadata().withDeletionGracePeriodSeconds(deletion).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(termination).endSpec().build();
        assertThat(PodLifecyclePolicy.gracePeriodSeconds(pod)).isEqualTo(expected);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "null", value = {"42, 42", "abc, 0", "null, 0"})
    void sequenceIsTheResourceVersion(String rv, long expected) {
        assertThat(PodLifecyclePolicy.sequence(new PodBuilder().withNewMetadata().withResourceVersion(rv).endMetadata().build()))
                .isEqualTo(expected);
    }

    @Test
    void aNonUuidUidStillGivesAValidTraceparent() {
        assertThat(PodLifecyclePolicy.traceparent("not-a-uuid")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }
}
