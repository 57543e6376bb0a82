package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts informers without waiting for their first list and without giving up on it: a slow or
 * unreachable API server at start (a restart in the middle of a burst) is retried with the client's
 * backoff instead of failing the application. Readiness waits for the pod informers to sync.
 */
final class Informers {

    private static final Logger LOG = LoggerFactory.getLogger(Informers.class);

    private Informers() {
    }

    static <T> SharedIndexInformer<T> startRetrying(SharedIndexInformer<T> informer, String what) {
        informer.exceptionHandler((started, t) -> {
            LOG.warn("{} informer: {} ({}; retrying)", what, t.toString(), started ? "watch" : "first list");
            return true;
        });
        informer.start();
        return informer;
    }
}
