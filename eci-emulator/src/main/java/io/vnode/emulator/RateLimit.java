package io.vnode.emulator;

import java.time.Duration;

/** A per-API quota: {@code permits} per {@code window}, refilled smoothly (token bucket, burst = permits). */
public record RateLimit(int permits, Duration window) {

    public RateLimit {
        if (permits <= 0) {
            throw new IllegalArgumentException("permits must be > 0");
        }
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window must be > 0");
        }
    }

    public static RateLimit perMinute(int permits) {
        return new RateLimit(permits, Duration.ofSeconds(60));
    }

    /** Parses {@code 1000/60s}, {@code 100/10s}, {@code 5/1s}; a bare number means per 60 s. */
    public static RateLimit parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            return perMinute(Integer.parseInt(t));
        }
        String w = t.substring(slash + 1).trim().toLowerCase();
        Duration window = w.endsWith("ms") ? Duration.ofMillis(Long.parseLong(w.substring(0, w.length() - 2)))
                : w.endsWith("s") ? Duration.ofSeconds(Long.parseLong(w.substring(0, w.length() - 1)))
                : w.endsWith("m") ? Duration.ofMinutes(Long.parseLong(w.substring(0, w.length() - 1)))
                : Duration.ofSeconds(Long.parseLong(w));
        return new RateLimit(Integer.parseInt(t.substring(0, slash).trim()), window);
    }
}
