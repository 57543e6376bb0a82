package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vnode.agent.app.NamespaceLabels;
import io.vnode.agent.domain.LocalBindingPolicy;
import io.vnode.agent.domain.ProfileSelector;
import io.vnode.agent.domain.RoutingPolicy;
import io.vnode.agent.domain.VirtualNodeIdentity;
import io.vnode.contracts.Keys;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode only: stands in for kube-scheduler, which the local stack does not run. Binds pending pods
 * that target the virtual node to it, as the scheduler would, through a Binding ({@code POST
 * /api/v1/namespaces/{ns}/bindings}, the same binding the scheduler posts to {@code pods/{name}/binding}).
 * The local stack's API server binds as a real one does; the plain CRUD test API server stores a Binding as
 * a plain object and does not bind: in mode {@code auto} the binder then sets spec.nodeName itself (a real API
 * server refuses that edit, and does not need it).
 *
 * <p>With {@code applyRouting}, pods routed by label, namespace label or eci-profile first get the
 * nodeSelector and toleration the admission webhook would add, since no webhook runs in the local stack.
 */
public class LocalBinder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBinder.class);

    private final KubernetesClient client;
    private final List<VirtualNodeIdentity> nodes;
    private final String mode;
    private final boolean applyRouting;
    private final NamespaceLabels namespaceLabels;
    private final Supplier<List<ProfileSelector>> profile;
    private final SharedIndexInformer<Pod> informer;

    public LocalBinder(KubernetesClient client, List<VirtualNodeIdentity> nodes, String mode, boolean applyRouting,
                       NamespaceLabels namespaceLabels, Supplier<List<ProfileSelector>> profile) {
        this.client = client;
        this.nodes = List.copyOf(nodes);
        this.mode = mode;
        this.applyRouting = applyRouting;
        this.namespaceLabels = namespaceLabels;
        this.profile = profile;
        this.informer = client.pods().inAnyNamespace().runnableInformer(60_000);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                consider(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            }
        });
        Informers.startRetrying(informer, "pods to bind");
    }

    void consider(Pod pod) {
        try {
            if (!LocalBindingPolicy.isPending(pod)) {
                return;
            }
            Pod target = pod;
            if (applyRouting && !RoutingPolicy.targetsVirtualNode(pod)) {
                RoutingPolicy.Decision d = RoutingPolicy.decide(pod, namespaceLabels.labelsOf(pod.getMetadata().getNamespace()), profile.get());
                if (!d.route()) {
                    return;
                }
                PodBuilder routedPod = new PodBuilder(pod);
                if (!RoutingPolicy.hasVirtualNodeSelector(pod)) {
                    routedPod.editSpec().addToNodeSelector(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET).endSpec();
                }
                if (!RoutingPolicy.toleratesTaint(pod)) {
                    routedPod.editSpec().addToTolerations(new TolerationBuilder().withKey(Keys.TAINT_KEY)
                            .withOperator("Exists").withEffect("NoSchedule").build()).endSpec();
                }
                target = routedPod.build();
                Pod routed = target;
                client.pods().inNamespace(ns(pod)).withName(name(pod)).edit(p -> new PodBuilder(p).withSpec(routed.getSpec()).build());
                LOG.info("routed pod {}/{} to the virtual node ({}) as the admission webhook would", ns(pod), name(pod), d.detail());
            }
            LocalBindingPolicy.chooseNode(target, nodes).ifPresent(node -> bind(pod, node));
        } catch (KubernetesClientException e) {
            LOG.warn("could not bind pod {}/{}: {} (retried on the next update or resync)", ns(pod), name(pod), e.getMessage());
        }
    }

    private void bind(Pod pod, String node) {
        Pod fresh = client.pods().inNamespace(ns(pod)).withName(name(pod)).get();
        if (fresh == null || !LocalBindingPolicy.isPending(fresh)) {
            return; // an older informer event: already bound or gone
        }
        if (!"patch".equals(mode)) {
            Binding binding = new BindingBuilder()
                    .withNewMetadata().withName(name(pod)).withNamespace(ns(pod)).withUid(pod.getMetadata().getUid()).endMetadata()
                    .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget()
                    .build();
            client.bindings().inNamespace(ns(pod)).resource(binding).create();
            if ("binding".equals(mode)) {
                LOG.info("bound pod {}/{} to {}", ns(pod), name(pod), node);
                return;
            }
            Pod after = client.pods().inNamespace(ns(pod)).withName(name(pod)).get();
            if (after == null || node.equals(after.getSpec().getNodeName())) {
                LOG.info("bound pod {}/{} to {}", ns(pod), name(pod), node);
                return;
            }
            client.bindings().inNamespace(ns(pod)).withName(name(pod)).delete(); // the CRUD server kept it as an object
        }
        client.pods().inNamespace(ns(pod)).withName(name(pod)).edit(p -> new PodBuilder(p).editSpec().withNodeName(node).endSpec().build());
        LOG.info("bound pod {}/{} to {} (spec.nodeName: the API server does not serve bindings)", ns(pod), name(pod), node);
    }

    private static String ns(Pod pod) {
        return pod.getMetadata().getNamespace();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    @Override
    public void close() {
        informer.close();
    }
}
