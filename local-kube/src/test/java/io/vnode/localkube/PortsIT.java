package io.vnode.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@link Ports} against the machine's real sockets. */
class PortsIT {

    @Test
    void aRunOfFreePortsLiesBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        int first = Ports.freeRun(4);
        assertThat(first).isBetween(Ports.LOW, Ports.HIGH - 4);
        for (int p = first; p < first + 4; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(p);
            }
        }
    }

    @Test
    void aBoundPortIsNotFree() throws Exception {
        int first = Ports.freeRun(2);
        try (ServerSocket busy = new ServerSocket(first + 1, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Ports.isFree(first + 1)).isFalse();
            assertThat(Ports.isFree(first)).isTrue();
        }
    }
}
