package io.vnode.contracts;

/**
 * Label, annotation, taint and tag keys: those of Alibaba Cloud that the product reads and writes
 * (as the ACS/ECI documents show them) and our own, all under the prefix {@link #OWN_PREFIX}.
 */
public final class Keys {

    /** Our own annotation/label prefix. */
    public static final String OWN_PREFIX = "vnode.io/";

    // ---- routing labels (pod or namespace) ----
    public static final String LABEL_ACS = "alibabacloud.com/acs";
    public static final String LABEL_ECI = "alibabacloud.com/eci";
    public static final String LABEL_COMPUTE_CLASS = "alibabacloud.com/compute-class";
    public static final String LABEL_COMPUTE_QOS = "alibabacloud.com/compute-qos";
    public static final String LABEL_GPU_MODEL_SERIES = "alibabacloud.com/gpu-model-series";
    public static final String LABEL_NODE_TYPE = "alibabacloud.com/node-type";

    // ---- virtual node ----
    public static final String NODE_LABEL_TYPE = "type";
    public static final String NODE_TYPE_VIRTUAL_KUBELET = "virtual-kubelet";
    public static final String NODE_LABEL_ROLE = "kubernetes.io/role";
    public static final String NODE_LABEL_ARCH = "kubernetes.io/arch";
    public static final String NODE_LABEL_OS = "kubernetes.io/os";
    public static final String NODE_LABEL_HOSTNAME = "kubernetes.io/hostname";
    public static final String TOPOLOGY_REGION = "topology.kubernetes.io/region";
    public static final String TOPOLOGY_ZONE = "topology.kubernetes.io/zone";
    /** The zone label the CSI disk plugin schedules cloud disks by; the documents show it on the virtual node. */
    public static final String TOPOLOGY_CSI_ZONE = "topology.diskplugin.csi.alibabacloud.com/zone";
    public static final String NODE_LABEL_EXCLUDE = "service.alibabacloud.com/exclude-node";
    public static final String TAINT_KEY = "virtual-kubelet.io/provider";
    public static final String TAINT_VALUE = "alibabacloud";

    // ---- ECI input annotations ----
    public static final String ECI_USE_SPECS = "k8s.aliyun.com/eci-use-specs";
    public static final String ECI_VSWITCH = "k8s.aliyun.com/eci-vswitch";
    public static final String ECI_SECURITY_GROUP = "k8s.aliyun.com/eci-security-group";
    public static final String ECI_FAIL_STRATEGY = "k8s.aliyun.com/eci-fail-strategy";
    public static final String ECI_RESOURCE_IGNORE_ENV = "__ECI_RESOURCE_IGNORE__";

    // ---- ECI output annotations ----
    public static final String ECI_INSTANCE_ID = "k8s.aliyun.com/eci-instance-id";
    public static final String ECI_INSTANCE_SPEC = "k8s.aliyun.com/eci-instance-spec";
    public static final String ECI_CLIENT_TOKEN = "k8s.aliyun.com/eci-client-token";
    public static final String ECI_REQUEST_ID = "k8s.aliyun.com/eci-request-id";
    public static final String ECI_INSTANCE_ZONE = "k8s.aliyun.com/eci-instance-zone";
    public static final String PROVIDER_CREATE = "ProviderCreate";

    // ---- ACS output annotations ----
    public static final String ACS_INSTANCE_ID = "alibabacloud.com/instance-id";
    public static final String ACS_POD_USE_SPEC = "alibabacloud.com/pod-use-spec";
    public static final String ACS_POD_EPHEMERAL_STORAGE = "alibabacloud.com/pod-ephemeral-storage";
    public static final String ACS_CLIENT_TOKEN = "alibabacloud.com/client-token";
    public static final String ACS_REQUEST_ID = "alibabacloud.com/request-id";
    public static final String ACS_SCHEDULE_RESULT = "alibabacloud.com/schedule-result";
    public static final String RESOURCE_TYPE = "kubernetes.io/resource-type";
    public static final String POD_STREAM_PORT = "kubernetes.io/pod-stream-port";

    // ---- our own annotations ----
    /** RFC 3339 time the instance entered its first billed state (the cloud's timestamp). */
    public static final String BILLING_START = OWN_PREFIX + "billing-start";
    /** RFC 3339 time the instance left its billed states (the cloud's timestamp). */
    public static final String BILLING_STOP = OWN_PREFIX + "billing-stop";
    /** The stable reason code of the last failure or rejection written to the pod. */
    public static final String FAILURE_REASON = OWN_PREFIX + "failure-reason";

    // ---- cloud instance tags (Tag.N) the executor finds instances by ----
    public static final String TAG_POD_UID = "vnode.pod-uid";
    public static final String TAG_POD_NAMESPACE = "vnode.pod-namespace";
    public static final String TAG_POD_NAME = "vnode.pod-name";
    public static final String TAG_VIRTUAL_NODE = "vnode.virtual-node";
    public static final String TAG_CLUSTER_ID = "vnode.cluster-id";
    /**
     * On an instance with projected service-account tokens: the earliest issue and expiry among them,
     * {@code "<iat>-<exp>"} in epoch seconds, from which any executor knows when to renew them.
     */
    public static final String TAG_TOKEN_LIFETIME = "vnode.token-lifetime";

    private Keys() {
    }

    /**
     * The instance id recorded on a pod: the ACS annotation, else the ECI one (a pod carries one of them);
     * null when neither holds a value. Every service reads it here, so they agree.
     */
    public static String instanceIdOf(java.util.Map<String, String> annotations) {
        if (annotations == null) {
            return null;
        }
        for (String key : new String[] {ACS_INSTANCE_ID, ECI_INSTANCE_ID}) {
            String id = annotations.get(key);
            if (id != null && !id.isBlank()) {
                return id;
            }
        }
        return null;
    }
}
