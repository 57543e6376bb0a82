package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.agent.app.UninstallApi;
import io.vnode.agent.domain.Uninstall;
import io.vnode.agent.domain.Uninstall.BoundPod;
import java.util.ArrayList;
import java.util.List;

/** The uninstall's calls through the fabric8 client: nodes get/patch/delete, pods list/delete, node Leases delete. */
public class KubeUninstallApi implements UninstallApi {

    private final KubernetesClient client;
    private final String leaseNamespace;

    public KubeUninstallApi(KubernetesClient client, String leaseNamespace) {
        this.client = client;
        this.leaseNamespace = leaseNamespace;
    }

    @Override
    public boolean exists(String nodeName) {
        return client.nodes().withName(nodeName).get() != null;
    }

    @Override
    public void markAndCordon(String nodeName, String since) {
        // edit sends a JSON Patch of the difference, guarded by the resourceVersion it read; the running agent
        // (status, and a spec merge when it registers) and the node lifecycle controller (taints) write the same
        // node, so a stale read is read again
        OnConflict.retry(() -> client.nodes().withName(nodeName).edit(node -> {
            List<Taint> taints = new ArrayList<>(node.getSpec() == null || node.getSpec().getTaints() == null
                    ? List.of() : node.getSpec().getTaints());
            if (taints.stream().noneMatch(t -> Uninstall.TAINT_KEY.equals(t.getKey()))) {
                taints.add(Uninstall.taint());
            }
            return new NodeBuilder(node)
                    .editMetadata().addToAnnotations(Uninstall.MARKER, since).endMetadata()
                    .editOrNewSpec().withUnschedulable(true).withTaints(taints).endSpec()
                    .build();
        }));
    }

    @Override
    public List<BoundPod> podsOn(String nodeName) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems().stream()
                .map(p -> bound(p, nodeName)).toList();
    }

    private static BoundPod bound(Pod p, String nodeName) {
        return new BoundPod(p.getMetadata().getNamespace(), p.getMetadata().getName(), nodeName,
                p.getMetadata().getDeletionTimestamp() != null);
    }

    @Override
    public void deletePod(BoundPod pod) {
        client.pods().inNamespace(pod.namespace()).withName(pod.name()).delete();
    }

    @Override
    public void deleteNode(String nodeName) {
        client.leases().inNamespace(leaseNamespace).withName(nodeName).delete();
        client.nodes().withName(nodeName).delete();
    }
}
