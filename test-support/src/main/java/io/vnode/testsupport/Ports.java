package io.vnode.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for processes that bind later (a service JVM, a broker that restarts on its port).
 *
 * <p>A port the OS hands out for {@code new ServerSocket(0)} comes from the ephemeral range
 * (32768-60999 on Linux), the same range outgoing connections take their local port from: between
 * the probe and the child's bind, a Kafka client's connection can take it ("Port ... was already in
 * use", seen once in CI). Ports below the ephemeral range are never handed to outgoing connections,
 * so a run of free ports is chosen there.
 */
public final class Ports {

    static final int LOW = 20_000;
    static final int HIGH = 32_000; // below Linux's ip_local_port_range (32768-60999)

    private Ports() {
    }

    /** The first of {@code count} consecutive ports that are free now and outside the ephemeral range. */
    public static int freeRun(int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = LOW + random.nextInt(HIGH - LOW - count);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new UncheckedIOException(new IOException("no run of " + count + " free ports in " + LOW + "-" + HIGH));
    }

    /** One free port outside the ephemeral range. */
    public static int free() {
        return freeRun(1);
    }

    static boolean allFree(int first, int count) {
        for (int p = first; p < first + count; p++) {
            try (ServerSocket ignored = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                // bound: free
            } catch (IOException busy) {
                return false;
            }
        }
        return true;
    }
}
