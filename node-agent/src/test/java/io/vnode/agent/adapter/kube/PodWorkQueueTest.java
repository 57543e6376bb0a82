package io.vnode.agent.adapter.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PodWorkQueueTest {

    private final Map<String, Pod> cache = new ConcurrentHashMap<>();
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private static Pod pod(String name, String uid, String rv) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(uid).withResourceVersion(rv)
                .endMetadata().build();
    }

    private PodWorkQueue queue() {
        return new PodWorkQueue("test-worker", cache::get, p -> {
            if (p.getMetadata().getName().equals("blocker")) {
                waitFor(release);
            }
            if (p.getMetadata().getName().equals("poison")) {
                throw new IllegalStateException("broken pod");
            }
            handled.add("observed " + p.getMetadata().getName() + " " + p.getMetadata().getUid() + " rv" + p.getMetadata().getResourceVersion());
        }, p -> handled.add("gone " + p.getMetadata().getName() + " " + p.getMetadata().getUid()));
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aPodChangedManyTimesWhileWaitingIsHandledOnceInItsLatestState() {
        try (PodWorkQueue q = queue()) {
            cache.put("ns/blocker", pod("blocker", "b", "1"));
            q.changed(cache.get("ns/blocker"));
            for (int rv = 1; rv <= 10; rv++) {
                cache.put("ns/web", pod("web", "w", Integer.toString(rv)));
                q.changed(cache.get("ns/web"));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> q.backlog() == 1); // the worker holds the blocker; web waits once
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 2);
            assertThat(handled).containsExactly("observed blocker b rv1", "observed web w rv10");
            assertThat(q.backlog()).isZero();
        }
    }

    @Test
    void aDeleteGoesBeforeThePodReCreatedUnderTheSameName() {
        try (PodWorkQueue q = queue()) {
            cache.put("ns/blocker", pod("blocker", "b", "1"));
            q.changed(cache.get("ns/blocker"));
            Pod old = pod("web", "old-uid", "5");
            q.deleted(old);
            cache.put("ns/web", pod("web", "new-uid", "9"));
            q.changed(cache.get("ns/web"));
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 3);
            assertThat(handled).containsExactly("observed blocker b rv1", "gone web old-uid", "observed web new-uid rv9");
        }
    }

    @Test
    void aDeletedPodIsHandedOnThoughTheCacheNoLongerHasItAndAFailureStopsNothing() {
        release.countDown();
        try (PodWorkQueue q = queue()) {
            cache.put("ns/poison", pod("poison", "p", "1"));
            q.changed(cache.get("ns/poison"));
            q.deleted(pod("gone-pod", "g", "3"));
            cache.put("ns/after", pod("after", "a", "2"));
            q.changed(cache.get("ns/after"));
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 2);
            assertThat(handled).containsExactly("gone gone-pod g", "observed after a rv2");
        }
    }
}
