package io.vnode.emulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NonceStoreTest {

    @Test
    void refusesReuseWithinTheWindowOnly() {
        NonceStore s = new NonceStore(1000, 100);
        assertThat(s.firstUse("a", 0)).isTrue();
        assertThat(s.firstUse("a", 999)).isFalse();
        assertThat(s.firstUse("a", 1000)).isTrue();
    }

    @Test
    void memoryIsBounded() {
        NonceStore s = new NonceStore(1_000_000, 100);
        for (int k = 0; k < 10_000; k++) {
            s.firstUse("n" + k, k);
        }
        assertThat(s.size()).isLessThanOrEqualTo(100);
        assertThat(s.firstUse("n9999", 10_000)).isFalse();
    }
}
