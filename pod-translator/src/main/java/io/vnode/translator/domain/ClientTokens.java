package io.vnode.translator.domain;

import java.util.Locale;

/** Idempotency token and cloud name of a pod's instance. Pure functions of the pod's identity. */
public final class ClientTokens {

    private static final int MAX_TOKEN = 64;
    private static final int MAX_NAME = 128;

    private ClientTokens() {
    }

    /**
     * The ClientToken for a pod: its uid (a UUID, 36 ASCII characters), so a retried create of the
     * same pod is the same request and a re-created pod is a new one.
     */
    public static String clientToken(String podUid) {
        if (podUid == null || podUid.isBlank()) {
            throw new IllegalArgumentException("a pod without a uid has no client token");
        }
        String token = podUid.replaceAll("[^\\x21-\\x7e]", "");
        return token.length() > MAX_TOKEN ? token.substring(0, MAX_TOKEN) : token;
    }

    /**
     * The ContainerGroupName: {@code <namespace>-<pod name>} in the cloud's alphabet (2-128 of
     * lowercase letters, digits and '-', not starting or ending with '-').
     */
    public static String containerGroupName(String namespace, String podName) {
        String raw = (namespace + "-" + podName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String name = raw.length() > MAX_NAME ? raw.substring(0, MAX_NAME) : raw;
        name = name.replaceAll("^-+", "").replaceAll("-+$", "");
        return name.length() < 2 ? (name + "-pod").replaceAll("^-+", "") : name;
    }
}
