package io.vnode.emulator.protocol;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers SignatureNonces for a window (15 min on the cloud), at most {@code maxEntries} of them:
 * past that the oldest are forgotten first. Thread-safe.
 */
public final class NonceStore {

    private final long windowMillis;
    private final int maxEntries;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public NonceStore(long windowMillis, int maxEntries) {
        this.windowMillis = windowMillis;
        this.maxEntries = maxEntries;
    }

    /** Records the nonce; false if it was already used within the window. */
    public synchronized boolean firstUse(String nonce, long nowMillis) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() <= nowMillis - windowMillis || seen.size() >= maxEntries) {
                it.remove();
            } else {
                break;
            }
        }
        Long previous = seen.get(nonce);
        if (previous != null && previous > nowMillis - windowMillis) {
            return false;
        }
        seen.put(nonce, nowMillis);
        return true;
    }

    public synchronized int size() {
        return seen.size();
    }

    public synchronized void clear() {
        seen.clear();
    }
}
