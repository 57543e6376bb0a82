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
    INVALID_POD("InvalidPod");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
