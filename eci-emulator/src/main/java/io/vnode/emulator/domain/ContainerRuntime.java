package io.vnode.emulator.domain;

import java.util.List;

/** The runtime state of one container of an instance. Guarded by the owning Instance's monitor. */
public final class ContainerRuntime {

    /** Container states, Kubernetes-style. */
    public enum State { WAITING, RUNNING, TERMINATED }

    final String name;
    final String image;
    final double cpu;
    final double memory;
    final int gpu;
    /** Null: runs forever. */
    final Integer exitCode;
    final long runForMillis;
    final List<String> logLines;

    State state = State.WAITING;
    String reason = "ContainerCreating";
    long startedAt;
    long finishedAt;
    Integer lastExitCode;
    int restartCount;
    /** Its readiness probe fails (set from outside, as a test asks): running but not ready. */
    boolean readinessFailing;

    State prevState;
    String prevReason;
    long prevStartedAt;
    long prevFinishedAt;
    Integer prevExitCode;

    public ContainerRuntime(String name, String image, double cpu, double memory, int gpu,
                            Integer exitCode, long runForMillis, List<String> logLines) {
        this.name = name;
        this.image = image;
        this.cpu = cpu;
        this.memory = memory;
        this.gpu = gpu;
        this.exitCode = exitCode;
        this.runForMillis = Math.max(1, runForMillis);
        this.logLines = logLines;
    }

    void start(long at) {
        state = State.RUNNING;
        reason = null;
        startedAt = at;
        finishedAt = 0;
        lastExitCode = null;
    }

    void terminate(long at, int code, String why) {
        state = State.TERMINATED;
        reason = why;
        finishedAt = at;
        lastExitCode = code;
    }

    void restart(long at) {
        prevState = State.TERMINATED;
        prevReason = reason;
        prevStartedAt = startedAt;
        prevFinishedAt = finishedAt;
        prevExitCode = lastExitCode;
        restartCount++;
        start(at);
    }

    /** When the running container exits by itself, or Long.MAX_VALUE. */
    long exitAt() {
        return state == State.RUNNING && exitCode != null ? startedAt + runForMillis : Long.MAX_VALUE;
    }

    public String name() { return name; }
    public String image() { return image; }
    public double cpu() { return cpu; }
    public double memory() { return memory; }
    public int gpu() { return gpu; }
    public State state() { return state; }
    public String reason() { return reason; }
    public long startedAt() { return startedAt; }
    public long finishedAt() { return finishedAt; }
    public Integer lastExitCode() { return lastExitCode; }
    public int restartCount() { return restartCount; }
    public boolean ready() { return state == State.RUNNING && !readinessFailing; }
    public State prevState() { return prevState; }
    public String prevReason() { return prevReason; }
    public long prevStartedAt() { return prevStartedAt; }
    public long prevFinishedAt() { return prevFinishedAt; }
    public Integer prevExitCode() { return prevExitCode; }
    public List<String> logLines() { return logLines; }
    public boolean runsForever() { return exitCode == null; }
    public long runForMillis() { return runForMillis; }
}
