package io.vnode.agent.domain;

/**
 * What the agent can reach: the Kafka cluster the pod lifecycle goes through and the cloud API that runs
 * the instances: the control path. Its trouble never makes the node NotReady (the node lifecycle
 * controller would then evict every pod, and the instances would be deleted: an outage of the control
 * path would become an outage of the workloads). It shows as the node condition
 * {@value #CONDITION} and a NoSchedule taint instead (see {@link VirtualNodeSpec}).
 *
 * @param kafkaProblem null when Kafka answered, else what went wrong
 * @param cloudProblem null when the cloud endpoint answered, else what went wrong
 * @param credentialProblem null unless the cloud refused the AccessKey (then: its code and message)
 */
public record NodeHealth(String kafkaProblem, String cloudProblem, String credentialProblem) {

    public NodeHealth(String kafkaProblem, String cloudProblem) {
        this(kafkaProblem, cloudProblem, null);
    }

    /** The node condition that tells whether pods can be turned into instances now. */
    public static final String CONDITION = "ControlPathAvailable";
    public static final String REASON_READY = "KubeletReady";
    public static final String REASON_AVAILABLE = "KafkaAndCloudApiReachable";
    public static final String REASON_KAFKA = "KafkaUnreachable";
    public static final String REASON_CLOUD = "CloudApiUnreachable";
    public static final String REASON_BOTH = "KafkaAndCloudApiUnreachable";
    public static final String REASON_CREDENTIALS = "CloudCredentialsRejected";
    public static final String REASON_STARTING = "AgentStarting";

    public static NodeHealth healthy() {
        return new NodeHealth(null, null);
    }

    /** Kafka and the cloud API both answer, and the cloud accepts the AccessKey: new pods can be turned into instances. */
    public boolean controlPathAvailable() {
        return kafkaProblem == null && cloudProblem == null && credentialProblem == null;
    }

    /** The reason of the {@value #CONDITION} condition. */
    public String reason() {
        if (controlPathAvailable()) {
            return REASON_AVAILABLE;
        }
        if (kafkaProblem != null && cloudProblem != null) {
            return REASON_BOTH;
        }
        if (kafkaProblem != null) {
            return REASON_KAFKA;
        }
        return cloudProblem != null ? REASON_CLOUD : REASON_CREDENTIALS;
    }

    /** The message of the {@value #CONDITION} condition. */
    public String message() {
        if (controlPathAvailable()) {
            return "Kafka and the cloud API answer: new pods are turned into instances";
        }
        StringBuilder sb = new StringBuilder();
        if (kafkaProblem != null) {
            sb.append("Kafka cannot be reached (").append(kafkaProblem).append("): pods on this node are not turned into instances");
        }
        if (cloudProblem != null) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append("the cloud API cannot be reached (").append(cloudProblem).append("): instances cannot be created or deleted");
        } else if (credentialProblem != null) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append("the cloud refuses the AccessKey (").append(credentialProblem).append("): instances cannot be created "
                    + "or deleted until the credentials Secret holds a valid key; running instances are unaffected");
        }
        return sb.toString();
    }
}
