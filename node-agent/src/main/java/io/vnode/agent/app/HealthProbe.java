package io.vnode.agent.app;

/**
 * Outbound port: can a dependency be reached? Blocking, bounded by the probe's own timeout; thread-safe.
 */
@FunctionalInterface
public interface HealthProbe {

    /** Null when the dependency answered, else a short description of what failed. */
    String problem();
}
