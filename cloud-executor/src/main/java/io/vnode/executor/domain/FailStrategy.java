package io.vnode.executor.domain;

import java.util.Locale;

/**
 * What a create does when every spec it may use is out of stock, from the pod's
 * {@code k8s.aliyun.com/eci-fail-strategy} annotation. Each create call offers the cloud all the
 * command's vSwitches (the cloud places the instance in any of their zones); the strategies differ
 * in the specs they try and in whether they try again.
 */
public enum FailStrategy {

    /** Retries in place: the first spec only, at the same vSwitches, again after each pause. */
    FAIL_BACK("fail-back", false, true),
    /** Tries every candidate spec in order, then pauses and tries them all again. */
    FAIL_OVER("fail-over", true, true),
    /** Tries every candidate spec once; all out of stock fails the pod for good. */
    FAIL_FAST("fail-fast", true, false);

    /**
     * Without the annotation a create keeps trying, as ECI documents ("by default the system retries";
     * fail-over "has the same effect as fail-back"), and uses every spec the pod lists, since the
     * pod's eci-use-specs names them as fallbacks: the fail-over behaviour.
     */
    public static final FailStrategy DEFAULT = FAIL_OVER;

    private final String value;
    private final boolean triesOtherSpecs;
    private final boolean retries;

    FailStrategy(String value, boolean triesOtherSpecs, boolean retries) {
        this.value = value;
        this.triesOtherSpecs = triesOtherSpecs;
        this.retries = retries;
    }

    /** The annotation's value; null, blank or unknown (the translator refuses unknown ones) gives {@link #DEFAULT}. */
    public static FailStrategy of(String annotation) {
        if (annotation != null) {
            String v = annotation.trim().toLowerCase(Locale.ROOT);
            for (FailStrategy s : values()) {
                if (s.value.equals(v)) {
                    return s;
                }
            }
        }
        return DEFAULT;
    }

    /** Whether a NoStock on the spec at {@code index} moves on to the next spec of the command. */
    public boolean triesSpecAfter(int index, int specCount) {
        return triesOtherSpecs && index + 1 < specCount;
    }

    /** Whether a round whose every tried spec was out of stock is tried again (else the pod fails). */
    public boolean retries() {
        return retries;
    }

    public String value() {
        return value;
    }
}
