package io.vnode.emulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAllocatorTest {

    @ParameterizedTest(name = "{0}: first {1}, capacity {2}")
    @CsvSource({"10.0.0.0/16,10.0.0.2,65533", "192.168.1.0/24,192.168.1.2,253", "172.16.5.7/30,172.16.5.6,1"})
    void firstAddressAndCapacity(String cidr, String first, int capacity) {
        IpAllocator a = new IpAllocator(cidr);
        assertThat(IpAllocator.format(a.allocate().getAsInt())).isEqualTo(first);
        assertThat(a.capacity()).isEqualTo(capacity);
    }

    @Test
    void neverHandsOutAnAddressTwiceAndReusesReleasedOnes() {
        IpAllocator a = new IpAllocator("10.1.0.0/24");
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < a.capacity(); k++) {
            assertThat(seen.add(a.allocate().getAsInt())).isTrue();
        }
        assertThat(a.allocate()).isEmpty();
        int some = seen.iterator().next();
        a.release(some);
        assertThat(a.allocate().getAsInt()).isEqualTo(some);
    }
}
