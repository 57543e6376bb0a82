package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vnode.agent.app.NodeMarkers;
import io.vnode.agent.domain.Uninstall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One informer per virtual node (field selector on its name), run by every replica, leader or not: a replica
 * that takes the lead after an uninstall deleted the nodes knows they were marked and does not create them again.
 * What was seen marked is kept for the life of the process.
 */
public class KubeNodeMarkers implements NodeMarkers, AutoCloseable {

    private final List<SharedIndexInformer<Node>> informers = new ArrayList<>();
    private final Set<String> seenMarked = ConcurrentHashMap.newKeySet();

    public KubeNodeMarkers(KubernetesClient client, List<String> nodeNames) {
        for (String name : nodeNames) {
            SharedIndexInformer<Node> informer = client.nodes().withField("metadata.name", name).runnableInformer(0);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Node node) {
                    remember(node);
                }

                @Override
                public void onUpdate(Node before, Node after) {
                    remember(after);
                }

                @Override
                public void onDelete(Node node, boolean finalStateUnknown) {
                    remember(node);
                }
            });
            informers.add(Informers.startRetrying(informer, "node " + name));
        }
    }

    private void remember(Node node) {
        if (Uninstall.marked(node)) {
            seenMarked.add(node.getMetadata().getName());
        }
    }

    @Override
    public Uninstall.NodeState state(String nodeName) {
        Node cached = null;
        for (SharedIndexInformer<Node> i : informers) {
            Node n = i.getStore().getByKey(nodeName);
            if (n != null) {
                cached = n;
            }
        }
        remember(cached);
        return Uninstall.state(cached, seenMarked.contains(nodeName));
    }

    @Override
    public boolean uninstallSeen() {
        return !seenMarked.isEmpty();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
