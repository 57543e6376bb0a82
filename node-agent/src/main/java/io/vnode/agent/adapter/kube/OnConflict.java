package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Read-modify-write against the API server, repeated when another writer changed the object in between
 * (HTTP 409 Conflict: the resourceVersion the edit was computed from is stale), as client-go's RetryOnConflict.
 * Each attempt reads the object again, so the change is computed from what the server holds. Any other error,
 * and a conflict on the last attempt, is thrown.
 */
final class OnConflict {

    static final int ATTEMPTS = 8;

    private OnConflict() {
    }

    static <T> T retry(Supplier<T> edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return edit.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
