package io.vnode.agent.adapter.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An edit that fails with a given HTTP code a number of times before it succeeds. */
class OnConflictTest {

    @ParameterizedTest(name = "{0} x HTTP {1} -> {2} after {3} attempt(s)")
    @CsvSource({
            // failures, code, outcome, attempts made
            "0, 409, done,  1",
            "1, 409, done,  2",
            "7, 409, done,  8",  // the last attempt succeeds
            "8, 409, 409,   8",  // a conflict on every attempt is thrown
            "1, 404, 404,   1",  // anything else is thrown at once
            "1, 500, 500,   1",
    })
    void repeatsOnlyAConflict(int failures, int code, String outcome, int attempts) {
        AtomicInteger made = new AtomicInteger();
        java.util.function.Supplier<String> edit = () -> {
            if (made.incrementAndGet() <= failures) {
                throw new KubernetesClientException("Operation cannot be fulfilled", code, null);
            }
            return "done";
        };
        if ("done".equals(outcome)) {
            assertThat(OnConflict.retry(edit)).isEqualTo("done");
        } else {
            assertThatThrownBy(() -> OnConflict.retry(edit)).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(Integer.parseInt(outcome)));
        }
        assertThat(made.get()).isEqualTo(attempts);
    }
}
