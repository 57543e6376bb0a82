package io.vnode.localkube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Free ports for processes that bind later (a service JVM, a broker that restarts on its port).
 *
 * <p>A port the OS hands out for {@code new ServerSocket(0)} comes from the ephemeral range
 * (32768-60999 on Linux), the same range outgoing connections take their local port from: between
 * the probe and the child's bind, an outgoing connection (a Kafka client's) can take it. Ports below
 * the ephemeral range are never handed to outgoing connections, so a run of free ports is chosen there.
 */
public final class Ports {

    static final int LOW = 20_000;
    static final int HIGH = 32_000; // below Linux's ip_local_port_range (32768-60999)
    static final int ATTEMPTS = 200;

    private Ports() {
    }

    /** The first of {@code count} consecutive ports that are free now and outside the ephemeral range. */
    public static int freeRun(int count) {
        return freeRun(count, Ports::isFree, ThreadLocalRandom.current());
    }

    /** One free port outside the ephemeral range. */
    public static int free() {
        return freeRun(1);
    }

    /**
     * The first of {@code count} consecutive ports in [{@link #LOW}, {@link #HIGH}) that {@code isFree}
     * accepts, from up to {@link #ATTEMPTS} runs starting where {@code random} says.
     *
     * @throws UncheckedIOException when no attempted run was free
     */
    static int freeRun(int count, IntPredicate isFree, RandomGenerator random) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = LOW + random.nextInt(HIGH - LOW - count);
            if (allFree(first, count, isFree)) {
                return first;
            }
        }
        throw new UncheckedIOException(new IOException("no run of " + count + " free ports in " + LOW + "-" + HIGH));
    }

    private static boolean allFree(int first, int count, IntPredicate isFree) {
        for (int p = first; p < first + count; p++) {
            if (!isFree.test(p)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code port} can be bound on the loopback address now. */
    static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException busy) {
            return false;
        }
    }
}
