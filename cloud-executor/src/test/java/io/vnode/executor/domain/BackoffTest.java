package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.5);

    @ParameterizedTest
    @CsvSource({
        // attempt, random, expected millis
        "1, 0.0, 100",
        "1, 0.999999, 199",
        "2, 0.0, 200",
        "3, 0.5, 600",
        "6, 1.0, 6400",
        "7, 1.0, 10000",
        "7, 0.0, 5000",
        "40, 1.0, 10000",
        "0, 1.0, 200"
    })
    void growsExponentiallyWithJitterUpToTheCap(int attempt, double random, long expectedMillis) {
        assertThat(backoff.delay(attempt, random).toMillis()).isEqualTo(expectedMillis);
    }

    @Test
    void withoutJitterTheDelayIsExact() {
        Backoff exact = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), 0);
        assertThat(exact.delay(1, 0.3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(exact.delay(2, 0.9)).isEqualTo(Duration.ofSeconds(2));
        assertThat(exact.delay(9, 0.1)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
