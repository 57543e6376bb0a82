package io.vnode.contracts;

import java.util.List;

/** Kafka topic names: {@code vnode.<entity>.<kind>.v<N>}; dead letters are {@code <topic>.dlq}. */
public final class Topics {

    /** node-agent -> pod-translator, executor: {@link io.vnode.contracts.pod.PodEvent}. */
    public static final String POD_LIFECYCLE = "vnode.pod.lifecycle.v1";
    /** pod-translator -> cloud-executor: {@link io.vnode.contracts.instance.InstanceCommand}. */
    public static final String INSTANCE_COMMANDS = "vnode.instance.commands.v1";
    /** pod-translator -> status-reconciler: {@link io.vnode.contracts.pod.PodRejection}. */
    public static final String POD_REJECTIONS = "vnode.pod.rejections.v1";
    /** cloud-executor -> status-reconciler: {@link io.vnode.contracts.instance.InstanceEvent}. */
    public static final String INSTANCE_EVENTS = "vnode.instance.events.v1";
    /** status-reconciler -> billing consumers: {@link io.vnode.contracts.billing.BillingEvent}. */
    public static final String BILLING_USAGE = "vnode.billing.usage.v1";

    public static final List<String> ALL =
            List.of(POD_LIFECYCLE, INSTANCE_COMMANDS, POD_REJECTIONS, INSTANCE_EVENTS, BILLING_USAGE);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + ".dlq";
    }
}
