package io.vnode.emulator;

import java.time.Duration;

/**
 * Faults injected into served calls, each drawn independently from the emulator's seeded Random.
 *
 * @param throttleProbability      answer 400 Throttling.User
 * @param unavailableProbability   answer 503 ServiceUnavailable
 * @param internalErrorProbability answer 500 InternalError
 * @param dropProbability          close the connection without an answer
 * @param addedLatency             delay every answer by this much
 */
public record FaultSettings(double throttleProbability, double unavailableProbability,
                            double internalErrorProbability, double dropProbability, Duration addedLatency) {

    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, Duration.ZERO);

    public FaultSettings {
        addedLatency = addedLatency == null ? Duration.ZERO : addedLatency;
        for (double p : new double[] {throttleProbability, unavailableProbability, internalErrorProbability, dropProbability}) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("probability out of [0,1]: " + p);
            }
        }
    }

    public static FaultSettings throttle(double p) {
        return new FaultSettings(p, 0, 0, 0, Duration.ZERO);
    }

    public static FaultSettings unavailable(double p) {
        return new FaultSettings(0, p, 0, 0, Duration.ZERO);
    }

    public static FaultSettings internalError(double p) {
        return new FaultSettings(0, 0, p, 0, Duration.ZERO);
    }

    public static FaultSettings drop(double p) {
        return new FaultSettings(0, 0, 0, p, Duration.ZERO);
    }

    public static FaultSettings latency(Duration d) {
        return new FaultSettings(0, 0, 0, 0, d);
    }
}
