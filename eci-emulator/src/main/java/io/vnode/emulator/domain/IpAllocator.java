package io.vnode.emulator.domain;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * Hands out unique host addresses of an IPv4 CIDR (network, gateway (.1) and broadcast excluded).
 * Addresses are ints; thread-safe.
 */
public final class IpAllocator {

    private final int base;
    private final int size;
    private final BitSet used;
    private int cursor;

    public IpAllocator(String cidr) {
        int slash = cidr.indexOf('/');
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("prefix must be 8..30: " + cidr);
        }
        int mask = (int) (0xFFFFFFFFL << (32 - prefix));
        this.base = toInt(cidr.substring(0, slash)) & mask;
        this.size = 1 << (32 - prefix);
        this.used = new BitSet(size);
        used.set(0, 2);
        used.set(size - 1);
        this.cursor = 2;
    }

    public synchronized OptionalInt allocate() {
        int i = used.nextClearBit(cursor);
        if (i >= size) {
            i = used.nextClearBit(2);
            if (i >= size) {
                return OptionalInt.empty();
            }
        }
        used.set(i);
        cursor = i + 1;
        return OptionalInt.of(base + i);
    }

    public synchronized void release(int address) {
        int i = address - base;
        if (i >= 2 && i < size - 1) {
            used.clear(i);
        }
    }

    public synchronized void reset() {
        used.clear();
        used.set(0, 2);
        used.set(size - 1);
        cursor = 2;
    }

    public int capacity() {
        return size - 3;
    }

    public static String format(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    static int toInt(String dotted) {
        String[] p = dotted.trim().split("\\.");
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int v = 0;
        for (String s : p) {
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }
}
