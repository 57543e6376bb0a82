package io.vnode.translator.adapter.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vnode.translator.app.CurrentProfile;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the eci-profile ConfigMap and applies its data to {@link CurrentProfile} (which keys are used
 * and which ignored is said there). Routing by its selectors is node-agent's business; their effect is
 * applied here too. Starts with the application context, stops with it.
 */
public final class EciProfileWatcher implements SmartLifecycle {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final CurrentProfile profile;
    private volatile SharedIndexInformer<ConfigMap> informer;

    public EciProfileWatcher(KubernetesClient client, String namespace, String name, CurrentProfile profile) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.profile = profile;
    }

    @Override
    public void start() {
        informer = client.configMaps().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                profile.apply(cm.getData());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
                profile.apply(cm.getData());
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknownFinalState) {
                profile.reset();
            }
        });
    }

    @Override
    public void stop() {
        SharedIndexInformer<ConfigMap> i = informer;
        if (i != null) {
            i.close();
        }
        informer = null;
    }

    @Override
    public boolean isRunning() {
        return informer != null;
    }
}
