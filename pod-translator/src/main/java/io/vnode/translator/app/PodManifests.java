package io.vnode.translator.app;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** Outbound port: a pod manifest (as carried in PodBound) as a fabric8 Pod. Pure and thread-safe. */
public interface PodManifests {

    /** Throws IllegalArgumentException when the manifest is not a pod. */
    Pod toPod(Map<String, Object> manifest);
}
