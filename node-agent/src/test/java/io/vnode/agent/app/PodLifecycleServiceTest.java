package io.vnode.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.contracts.pod.PodBound;
import io.vnode.contracts.pod.PodEvent;
import io.vnode.localkube.PodFixtures;
import io.vnode.testsupport.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodLifecycleServiceTest {

    private static final String NODE = "virtual-kubelet-cn-hangzhou-k";

    private final List<PodEvent> published = new ArrayList<>();
    private final List<String> attempts = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PodLifecycleService service = new PodLifecycleService(event -> {
        attempts.add(event.pod().name());
        if (event.pod().name().startsWith("huge")) {
            throw new PodEventSink.TooLargeException(3_145_800, 1_048_576, null);
        }
        published.add(event);
    }, namespace -> Map.of(), pod -> Map.of("kind", "Pod"), clock,
            meters, (pod, reason, message) -> notices.add(pod.getMetadata().getName() + " " + reason + ": " + message),
            Duration.ofMinutes(2));

    @Test
    void aPodTooLargeForKafkaIsToldOnceAndNotRetriedUntilItsSpecChangesWhileTheOthersGoOn() {
        Pod huge = pod("huge-env", 1L);
        Pod small = pod("small", 1L);

        service.observed(NODE, huge);
        service.observed(NODE, small);
        assertThat(notices).singleElement().asString()
                .startsWith("huge-env PodTooLarge: ")
                .contains("pod.bound.v1 record is 3,145,800 bytes", "limit of 1,048,576 bytes", "generation 1");
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(e).isInstanceOf(PodBound.class);
            assertThat(e.pod().name()).isEqualTo("small");
        });

        // resyncs: the same generation is not tried again, the pod is not told again
        clock.advance(Duration.ofMinutes(3));
        service.observed(NODE, huge);
        service.observed(NODE, huge);
        service.observed(NODE, small);
        assertThat(attempts).containsExactly("huge-env", "small", "small");
        assertThat(notices).hasSize(1);
        assertThat(meters.counter("vnode.agent.pod.events", "type", "pod.bound.v1", "outcome", "too-large").count()).isEqualTo(1);

        // a new spec is a new attempt
        service.observed(NODE, new PodBuilder(huge).editMetadata().withGeneration(2L).endMetadata().build());
        assertThat(attempts).containsExactly("huge-env", "small", "small", "huge-env");
        assertThat(notices).hasSize(2).last().asString().contains("generation 2");
    }

    @Test
    void aBoundPodIsPublishedAgainOnlyWhenWhatItIsMadeFromChangedOrAfterTheWindow() {
        Pod pod = pod("web", 1L);
        service.observed(NODE, pod);
        // kube-scheduler's condition, another controller's status write: new resourceVersions, same pod
        service.observed(NODE, new PodBuilder(pod).editMetadata().withResourceVersion("8").endMetadata()
                .withNewStatus().addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus().build());
        service.observed(NODE, new PodBuilder(pod).editMetadata().withResourceVersion("9").endMetadata().build());
        assertThat(attempts).containsExactly("web");
        assertThat(meters.counter("vnode.agent.pod.events", "type", "pod.bound.v1", "outcome", "unchanged").count()).isEqualTo(2);

        Pod annotated = new PodBuilder(pod).editMetadata().withResourceVersion("10").addToAnnotations("k8s.aliyun.com/eci-use-specs", "2-4Gi")
                .endMetadata().build();
        service.observed(NODE, annotated);
        assertThat(attempts).as("an annotation is part of the create").containsExactly("web", "web");

        clock.advance(Duration.ofMinutes(2));
        service.observed(NODE, annotated);
        assertThat(attempts).as("the resync after the window republishes a pod still without instance")
                .containsExactly("web", "web", "web");
        assertThat(published).extracting(e -> ((PodBound) e).sequence()).containsExactly(7L, 10L, 10L);
    }

    @Test
    void aPodSeenWithItsInstanceIsForgottenSoLosingTheInstanceRepublishesIt() {
        Pod pod = pod("web", 1L);
        service.observed(NODE, pod);
        service.observed(NODE, new PodBuilder(pod).editMetadata().addToAnnotations(io.vnode.contracts.Keys.ECI_INSTANCE_ID, "eci-1")
                .endMetadata().build());
        service.observed(NODE, pod); // the instance annotation removed by hand
        assertThat(attempts).containsExactly("web", "web");
    }

    @Test
    void onlyTheLeadingReplicaPublishesBoundPodsAndEveryReplicaPublishesDeletions() {
        boolean[] leading = {false};
        service.publishBoundOnlyWhile(() -> leading[0]);
        Pod pod = pod("web", 1L);
        service.observed(NODE, pod);
        Pod deleting = new PodBuilder(pod("old", 1L)).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build();
        service.observed(NODE, deleting);
        assertThat(published).extracting(e -> e.getClass().getSimpleName() + " " + e.pod().name()).containsExactly("PodDeleting old");
        assertThat(meters.counter("vnode.agent.pod.events", "type", "pod.bound.v1", "outcome", "not-leading").count()).isEqualTo(1);

        leading[0] = true; // took the lead: the pods are observed again
        service.observed(NODE, pod);
        assertThat(published).extracting(e -> e.getClass().getSimpleName() + " " + e.pod().name())
                .containsExactly("PodDeleting old", "PodBound web");
    }

    @Test
    void aGonePodIsForgottenSoARecreatedOneWithTheSameUidIsTriedAgain() {
        Pod huge = pod("huge-env", 1L);
        service.observed(NODE, huge);
        service.gone(NODE, huge);
        service.observed(NODE, huge);
        assertThat(attempts).containsExactly("huge-env", "huge-env", "huge-env");
    }

    private static Pod pod(String name, Long generation) {
        return new PodBuilder(PodFixtures.onNode(PodFixtures.nginxAcsByNodeSelector(), NODE))
                .editMetadata().withName(name).withUid("uid-" + name).withResourceVersion("7").withGeneration(generation).endMetadata()
                .build();
    }
}
