package io.vnode.contracts.pod;

/** Stable reason codes of {@link PodRejected}. Codes are never renamed; new ones may be added. */
public enum RejectionReason {
    DAEMONSET_NOT_SUPPORTED("DaemonSetNotSupported"),
    HOST_NETWORK_NOT_SUPPORTED("HostNetworkNotSupported"),
    HOST_NAMESPACE_NOT_SUPPORTED("HostNamespaceNotSupported"),
    HOST_PATH_NOT_SUPPORTED("HostPathNotSupported"),
    PRIVILEGED_NOT_SUPPORTED("PrivilegedNotSupported"),
    NO_SPEC_FITS("NoSpecFits"),
    INVALID_USE_SPECS("InvalidUseSpecs"),
    TOO_MANY_USE_SPECS("TooManyUseSpecs"),
    TOO_MANY_CONTAINERS("TooManyContainers"),
    TOO_MANY_VOLUMES("TooManyVolumes"),
    MISSING_IMAGE("MissingImage"),
    GPU_HPN_REQUIRES_RESERVED_NODES("GpuHpnRequiresReservedNodes"),
    UNSUPPORTED_VOLUME("UnsupportedVolume"),
    INVALID_POD("InvalidPod"),
    /** Over what the cloud takes in one request (a config file, env, args) or what one Kafka record holds. */
    REQUEST_LIMIT_EXCEEDED("RequestLimitExceeded"),
    /** A cloud-level override annotation the namespace's policy does not allow. */
    OVERRIDE_NOT_ALLOWED("OverrideNotAllowed");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
