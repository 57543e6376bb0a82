package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerGroupLifecycleTest {

    @ParameterizedTest(name = "seq {0} -> {1}")
    @CsvSource({"1,bp117b4025esyzp8", "2,bp10gjizlpmogxsz", "3,bp11numznl21gld5"})
    void idSuffixOfSequenceNumber(long seq, String suffix) {
        assertThat(ContainerGroupLifecycle.idSuffix(seq)).isEqualTo(suffix);
    }
}
