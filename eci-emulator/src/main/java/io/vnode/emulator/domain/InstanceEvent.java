package io.vnode.emulator.domain;

/** One aggregated event of an instance (Count and LastTimestamp grow when the same event repeats). */
public final class InstanceEvent {

    final EventKind kind;
    final int container;
    final int seq;
    final long first;
    long last;
    int count;

    InstanceEvent(EventKind kind, int container, int seq, long at) {
        this.kind = kind;
        this.container = container;
        this.seq = seq;
        this.first = at;
        this.last = at;
        this.count = 1;
    }

    public EventKind kind() {
        return kind;
    }

    /** Index of the container the event is about, or -1 for the instance. */
    public int container() {
        return container;
    }

    public int seq() {
        return seq;
    }

    public long firstMillis() {
        return first;
    }

    public long lastMillis() {
        return last;
    }

    public int count() {
        return count;
    }
}
