package io.vnode.agent.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What {@code kubectl logs} asks of the kubelet's {@code /containerLogs} endpoint: {@code follow},
 * {@code tailLines}, {@code sinceSeconds} or {@code sinceTime} (not both), {@code limitBytes},
 * {@code timestamps}, {@code previous}. Bad values are refused with the message the user sees.
 *
 * @param tailLines the last N lines, or null for all
 * @param since only lines from this time on, or null
 * @param limitBytes stop after this many bytes, or null
 */
public record LogQuery(boolean follow, Integer tailLines, Instant since, Long limitBytes, boolean timestamps, boolean previous) {

    /** @throws IllegalArgumentException naming the parameter and why */
    public static LogQuery of(Map<String, String> params, Instant now) {
        String sinceSeconds = params.get("sinceSeconds");
        String sinceTime = params.get("sinceTime");
        if (sinceSeconds != null && sinceTime != null) {
            throw new IllegalArgumentException("at most one of sinceTime or sinceSeconds may be specified");
        }
        Instant since = null;
        if (sinceSeconds != null) {
            since = now.minus(Duration.ofSeconds(positive("sinceSeconds", sinceSeconds)));
        } else if (sinceTime != null) {
            try {
                since = Instant.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sinceTime must be an RFC 3339 time, not " + sinceTime);
            }
        }
        Integer tail = params.get("tailLines") == null ? null : (int) Math.min(Integer.MAX_VALUE, notNegative("tailLines", params.get("tailLines")));
        Long limit = params.get("limitBytes") == null ? null : positive("limitBytes", params.get("limitBytes"));
        return new LogQuery(flag(params, "follow"), tail, since, limit, flag(params, "timestamps"), flag(params, "previous"));
    }

    private static boolean flag(Map<String, String> params, String name) {
        return Boolean.parseBoolean(params.get(name));
    }

    private static long positive(String name, String value) {
        long n = number(name, value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be greater than 0, not " + value);
        }
        return n;
    }

    private static long notNegative(String name, String value) {
        long n = number(name, value);
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, not " + value);
        }
        return n;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
    }
}
