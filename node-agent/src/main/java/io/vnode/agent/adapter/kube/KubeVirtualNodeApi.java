package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vnode.agent.app.VirtualNodeApi;
import io.vnode.agent.domain.NodeHealth;
import io.vnode.agent.domain.VirtualNodeSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The Node and its kube-node-lease Lease through the fabric8 client. Blocking; thread-safe. */
public class KubeVirtualNodeApi implements VirtualNodeApi {

    private final KubernetesClient client;
    private final String leaseNamespace;

    public KubeVirtualNodeApi(KubernetesClient client, String leaseNamespace) {
        this.client = client;
        this.leaseNamespace = leaseNamespace;
    }

    @Override
    public void register(VirtualNodeSpec spec, NodeHealth health, Instant now) {
        Node existing = client.nodes().withName(spec.nodeName()).get();
        if (existing == null) {
            client.nodes().resource(spec.desiredNode(health, now)).create();
        } else {
            OnConflict.retry(() -> client.nodes().withName(spec.nodeName()).edit(node -> spec.mergeInto(node, health)));
        }
        writeStatus(spec, health, now);
    }

    @Override
    public boolean writeStatus(VirtualNodeSpec spec, NodeHealth health, Instant now) {
        try {
            client.nodes().withName(spec.nodeName()).editStatus(node -> {
                List<NodeCondition> previous = node.getStatus() == null || node.getStatus().getConditions() == null
                        ? List.of() : node.getStatus().getConditions();
                return new NodeBuilder(node).withStatus(spec.desiredStatus(health, now, previous)).build();
            });
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void renewLease(String nodeName, Duration leaseDuration, Instant now) {
        java.time.ZonedDateTime renewTime = now.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
        int seconds = (int) leaseDuration.toSeconds();
        Lease existing = client.leases().inNamespace(leaseNamespace).withName(nodeName).get();
        if (existing == null) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                return;
            }
            LeaseBuilder lease = new LeaseBuilder()
                    .withNewMetadata().withName(nodeName).withNamespace(leaseNamespace).endMetadata()
                    .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(seconds).withRenewTime(renewTime).endSpec();
            lease.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                    .withName(nodeName).withUid(node.getMetadata().getUid()).build()).endMetadata();
            client.leases().inNamespace(leaseNamespace).resource(lease.build()).create();
        } else {
            client.leases().inNamespace(leaseNamespace).withName(nodeName).edit(l -> new LeaseBuilder(l)
                    .editOrNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(seconds).withRenewTime(renewTime).endSpec()
                    .build());
        }
    }

    @Override
    public void remove(String nodeName) {
        client.leases().inNamespace(leaseNamespace).withName(nodeName).delete();
        client.nodes().withName(nodeName).delete();
    }
}
