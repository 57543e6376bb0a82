package io.vnode.localkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link Ports} chooses a run, with the sockets replaced by a predicate: no port is bound. */
class PortsTest {

    @ParameterizedTest(name = "run of {0}, seed {1}")
    @CsvSource({"1, 1", "2, 2", "4, 3", "10, 4", "100, 5"})
    void aRunLiesWhollyBelowTheEphemeralRange(int count, long seed) {
        int first = Ports.freeRun(count, port -> true, new Random(seed));
        assertThat(first).isGreaterThanOrEqualTo(Ports.LOW);
        assertThat(first + count - 1).isLessThan(Ports.HIGH);
    }

    @ParameterizedTest(name = "run of {0}, seed {1}")
    @CsvSource({"1, 1", "2, 2", "4, 3", "6, 4"})
    void aRunHoldingABusyPortIsNotOffered(int count, long seed) {
        IntPredicate freeUnlessMultipleOfSeven = port -> port % 7 != 0;
        int first = Ports.freeRun(count, freeUnlessMultipleOfSeven, new Random(seed));
        assertThat(IntStream.range(first, first + count)).allMatch(freeUnlessMultipleOfSeven::test);
    }

    @Test
    void noFreeRunFailsAfterTheAttemptsSayingWhere() {
        int[] probes = new int[1];
        assertThatThrownBy(() -> Ports.freeRun(3, port -> {
            probes[0]++;
            return false;
        }, new Random(7)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no run of 3 free ports in " + Ports.LOW + "-" + Ports.HIGH);
        assertThat(probes[0]).isEqualTo(Ports.ATTEMPTS);
    }
}
