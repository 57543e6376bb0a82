package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.agent.app.PodNotices;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes {@link PodNotices} as core/v1 Events (source and reporting component {@code node-agent}). */
public class KubePodNotices implements PodNotices {

    private static final Logger LOG = LoggerFactory.getLogger(KubePodNotices.class);
    private static final String COMPONENT = "node-agent";

    private final KubernetesClient client;
    private final Clock clock;

    public KubePodNotices(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void warn(Pod pod, String reason, String message) {
        var meta = pod.getMetadata();
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(meta.getName() + "." + Long.toHexString(clock.millis()) + Long.toHexString(System.nanoTime() & 0xffff))
                    .withNamespace(meta.getNamespace()).endMetadata()
                    .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withNamespace(meta.getNamespace())
                    .withName(meta.getName()).withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion()).endInvolvedObject()
                    .withType("Warning").withReason(reason).withMessage(message).withCount(1)
                    .withFirstTimestamp(now).withLastTimestamp(now)
                    .withNewSource().withComponent(COMPONENT).withHost(node).endSource()
                    .withReportingComponent(COMPONENT).withReportingInstance(node == null ? COMPONENT : node)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warn("could not write the {} Event on pod {}/{}: {}", reason, meta.getNamespace(), meta.getName(), e.getMessage());
        }
    }
}
