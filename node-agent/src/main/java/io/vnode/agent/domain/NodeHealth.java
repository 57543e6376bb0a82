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
 */
public record NodeHealth(String kafkaProblem, String cloudProblem) {

    /** The node condition that tells whether pods can be turned into instances now. */
    public static final String CONDITION = "ControlPathAvailable";
    public static final String REASON_READY = "KubeletReady";
    public static final String REASON_AVAILABLE = "KafkaAndCloudApiReachable";
    public static final String REASON_KAFKA = "KafkaUnreachable";
    public static final String REASON_CLOUD = "CloudApiUnreachable";
    public static final String REASON_BOTH = "KafkaAndCloudApiUnreachable";
    public static final String REASON_STARTING = "AgentStarting";

    public static NodeHealth healthy() {
        return new NodeHealth(null, null);
    }

    /** Kafka and the cloud API both answer: new pods can be turned into instances. */
    public boolean controlPathAvailable() {
        return kafkaProblem == null && cloudProblem == null;
    }

    /** The reason of the {@value #CONDITION} condition. */
    public String reason() {
        if (controlPathAvailable()) {
            return REASON_AVAILABLE;
        }
        if (kafkaProblem != null && cloudProblem != null) {
            return REASON_BOTH;
        }
        return kafkaProblem != null ? REASON_KAFKA : REASON_CLOUD;
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
        }
        return sb.toString();
    }
}
