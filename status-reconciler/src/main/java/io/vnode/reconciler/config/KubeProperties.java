package io.vnode.reconciler.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vnode.kube.*}: the Kubernetes API client.
 *
 * @param masterUrl API server URL; empty = in-cluster / kubeconfig auto-configuration
 * @param maxConcurrentRequests concurrent HTTP requests to the API server (fabric8 default per host is 5)
 * @param requestTimeoutMillis timeout of one API request
 */
@ConfigurationProperties("vnode.kube")
public record KubeProperties(
        String masterUrl,
        @DefaultValue("64") int maxConcurrentRequests,
        @DefaultValue("10000") int requestTimeoutMillis) {
}
