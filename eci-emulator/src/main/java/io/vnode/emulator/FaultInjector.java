package io.vnode.emulator;

import io.vnode.emulator.protocol.ApiException;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults in force per API, or for every API with "*" (an API's own setting wins), each drawn
 * from one seeded Random so that a run can be repeated. Thread-safe.
 */
final class FaultInjector {

    private final Map<String, FaultSettings> atStart;
    private final ConcurrentHashMap<String, FaultSettings> faults = new ConcurrentHashMap<>();
    private final Random random;

    FaultInjector(Map<String, FaultSettings> atStart, long seed) {
        this.atStart = Map.copyOf(atStart);
        this.random = new Random(seed);
        this.atStart.forEach(this::set);
    }

    /** The API's own faults, else those of "*", else none. */
    FaultSettings of(String api) {
        FaultSettings f = faults.get(api);
        if (f == null) {
            f = faults.get("*");
        }
        return f == null ? FaultSettings.NONE : f;
    }

    /** Sets the faults of one API or of "*"; null or NONE removes them. */
    void set(String apiOrStar, FaultSettings f) {
        if (f == null || f.equals(FaultSettings.NONE)) {
            faults.remove(apiOrStar);
        } else {
            faults.put(apiOrStar, f);
        }
    }

    /** The settings in force, sorted by API. */
    Map<String, FaultSettings> all() {
        return new TreeMap<>(faults);
    }

    /** Throws the error answer a throttle, unavailable or internal-error fault draws, if one does. */
    void injectErrors(FaultSettings f) {
        if (f == FaultSettings.NONE) {
            return;
        }
        if (f.throttleProbability() > 0 && roll() < f.throttleProbability()) {
            throw ApiException.throttled();
        }
        if (f.unavailableProbability() > 0 && roll() < f.unavailableProbability()) {
            throw ApiException.unavailable();
        }
        if (f.internalErrorProbability() > 0 && roll() < f.internalErrorProbability()) {
            throw ApiException.internalError();
        }
    }

    /** Whether the drop fault strikes: the call's connection is closed unanswered. */
    boolean drops(FaultSettings f) {
        return f.dropProbability() > 0 && roll() < f.dropProbability();
    }

    /** Back to the faults the emulator started with; the Random is not reseeded. */
    void reset() {
        faults.clear();
        atStart.forEach(this::set);
    }

    private double roll() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
