package io.vnode.agent.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a followed log has got to. The cloud's log is read again from the time of the last line seen
 * (its lines carry their time: the reads ask for timestamps), so a read repeats the lines of that
 * instant: the cursor counts them and lets through only what is new. A line without a readable time
 * (a continuation of a multi-line entry) belongs to the instant of the line before it.
 */
public final class LogCursor {

    private Instant last;
    private int seenAtLast;

    /** The time to read from next; null before any line was seen. */
    public Instant resumeFrom() {
        return last;
    }

    /** The new lines of a read from {@link #resumeFrom()} (each still with its time), in order. */
    public List<String> advance(String content) {
        List<String> fresh = new ArrayList<>();
        if (content == null || content.isEmpty()) {
            return fresh;
        }
        Instant current = null;
        int atCurrent = 0;
        for (String line : content.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Instant at = timeOf(line);
            if (at != null && !at.equals(current)) {
                current = at;
                atCurrent = 0;
            }
            atCurrent++;
            if (current == null) {
                if (last == null) {
                    fresh.add(line); // nothing read before: everything is new
                }
                continue;
            }
            if (last == null || current.isAfter(last)) {
                last = current;
                seenAtLast = 0;
            }
            if (current.equals(last) && atCurrent > seenAtLast) {
                fresh.add(line);
                seenAtLast = atCurrent;
            }
        }
        return fresh;
    }

    /** The line without its leading time (as {@code kubectl logs} shows it without --timestamps). */
    public static String withoutTime(String line) {
        int space = line.indexOf(' ');
        return space > 0 && timeOf(line) != null ? line.substring(space + 1) : line;
    }

    static Instant timeOf(String line) {
        int space = line.indexOf(' ');
        if (space < 20 || !Character.isDigit(line.charAt(0))) {
            return null;
        }
        try {
            return Instant.parse(line.substring(0, space));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
