package io.vnode.reconciler.domain;

/**
 * A record another stage (or this one) set aside on a dead-letter topic, as far as it could be read.
 * Every field may be null: the value may not be JSON, or may lack the pod reference.
 *
 * @param originalTopic the topic the record came from ({@code vnode-dlq-original-topic})
 * @param eventType the versioned event type ({@code vnode-event-type} header, else the value's {@code type})
 * @param namespace the pod's namespace ({@code pod.namespace} of the value)
 * @param name the pod's name ({@code pod.name} of the value)
 * @param uid the pod's uid: the record key, else {@code pod.uid} of the value
 * @param reason why it was set aside ({@code vnode-dlq-reason})
 */
public record DeadLetter(String originalTopic, String eventType, String namespace, String name, String uid, String reason) {

    /** True when the pod it is about can be looked up (namespace, name and uid known). */
    public boolean identifiesPod() {
        return present(namespace) && present(name) && present(uid);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
