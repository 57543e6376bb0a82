package io.vnode.agent.domain;

/**
 * What the agent can reach: the Kafka cluster the pod lifecycle goes through and the cloud API that runs
 * the instances. The node is Ready only when both answer; otherwise its Ready condition says which one
 * does not, so {@code kubectl describe node} tells the operator what to fix.
 *
 * @param kafkaProblem null when Kafka answered, else what went wrong
 * @param cloudProblem null when the cloud endpoint answered, else what went wrong
 */
public record NodeHealth(String kafkaProblem, String cloudProblem) {

    public static final String REASON_READY = "KubeletReady";
    public static final String REASON_KAFKA = "KafkaUnreachable";
    public static final String REASON_CLOUD = "CloudApiUnreachable";
    public static final String REASON_BOTH = "KafkaAndCloudApiUnreachable";
    public static final String REASON_STARTING = "AgentStarting";

    public static NodeHealth healthy() {
        return new NodeHealth(null, null);
    }

    public boolean ready() {
        return kafkaProblem == null && cloudProblem == null;
    }

    public String reason() {
        if (ready()) {
            return REASON_READY;
        }
        if (kafkaProblem != null && cloudProblem != null) {
            return REASON_BOTH;
        }
        return kafkaProblem != null ? REASON_KAFKA : REASON_CLOUD;
    }

    public String message() {
        if (ready()) {
            return "virtual kubelet is posting ready status; Kafka and the cloud API answer";
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
