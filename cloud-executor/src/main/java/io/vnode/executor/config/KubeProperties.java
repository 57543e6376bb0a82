package io.vnode.executor.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param masterUrl the Kubernetes API URL; empty: in-cluster / kubeconfig auto-configuration */
@ConfigurationProperties("vnode.kube")
public record KubeProperties(String masterUrl) {
}
