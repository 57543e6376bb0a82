package io.vnode.agent.app;

import io.vnode.agent.domain.LogCursor;
import io.vnode.agent.domain.LogQuery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One {@code kubectl logs} request, opened by {@link LogFollows}. Without {@code follow} (or with
 * {@code previous}) a single read; with it, reads from the last line seen ({@link LogCursor}), each giving
 * only what is new, until the container has ended (one more read then, so nothing printed before the end
 * is missed) or {@code limitBytes} is reached. The caller waits {@link #pause()} between reads, stops when
 * the client goes, and closes it. One caller at a time.
 */
public final class LogFollow implements AutoCloseable {

    /** What one read gave, and whether the log is over. */
    public record Piece(String text, boolean last) {
    }

    private final LogFollows follows;
    private final BooleanSupplier containerEnded;
    private final String instanceId;
    private final String container;
    private final LogQuery query;
    private final LogCursor cursor = new LogCursor();
    private long bytesLeft;
    private boolean first = true;
    private boolean counted;
    /** Where reads start while no line was seen: the query's since, or the first read's time for --tail=0. */
    private Instant from;

    LogFollow(LogFollows follows, BooleanSupplier containerEnded, String instanceId, String container, LogQuery query) {
        this.follows = follows;
        this.containerEnded = containerEnded;
        this.instanceId = instanceId;
        this.container = container;
        this.query = query;
        this.bytesLeft = query.limitBytes() == null ? Long.MAX_VALUE : query.limitBytes();
        this.from = query.since();
    }

    /** The next read. */
    public Piece next() {
        ContainerLogs logs = follows.logs();
        if (!query.follow() || query.previous()) {
            String all = logs.logs(instanceId, container, query.tailLines(), query.timestamps(), query.previous(), query.since());
            return new Piece(cut(all), true);
        }
        if (!counted) {
            follows.opened();
            counted = true;
        }
        boolean ended = containerEnded.getAsBoolean();
        String read;
        if (first) {
            if (Integer.valueOf(0).equals(query.tailLines())) {
                from = follows.now(); // --tail=0: only what is printed from now on
            }
            read = logs.logs(instanceId, container, query.tailLines(), true, false, query.since());
            first = false;
        } else {
            read = logs.logs(instanceId, container, null, true, false, cursor.resumeFrom() != null ? cursor.resumeFrom() : from);
        }
        List<String> fresh = cursor.advance(read);
        StringBuilder text = new StringBuilder();
        for (String line : fresh) {
            text.append(query.timestamps() ? line : LogCursor.withoutTime(line)).append('\n');
        }
        String piece = cut(text.toString());
        return new Piece(piece, ended || bytesLeft <= 0);
    }

    /** How long to wait before the next read (the followed logs of this agent share the cloud's quota). */
    public Duration pause() {
        return follows.pause();
    }

    @Override
    public void close() {
        if (counted) {
            follows.closed();
            counted = false;
        }
    }

    /** The text within what is left of limitBytes (cut on a UTF-8 character boundary). */
    private String cut(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length <= bytesLeft) {
            bytesLeft -= b.length;
            return text;
        }
        int n = (int) bytesLeft;
        while (n > 0 && (b[n] & 0xC0) == 0x80) {
            n--;
        }
        bytesLeft = 0;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
