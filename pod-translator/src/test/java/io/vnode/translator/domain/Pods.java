package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.instance.InstanceRequest;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Test pods written as flow-style YAML, and the request as JSON to compare exactly. */
final class Pods {

    static final String UID = "6f1c2a9e-3b7d-4c21-9a55-0d2e8f4b1c77";
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    static final TranslationContext CTX = TranslationContext.of("cn-hangzhou", "virtual-kubelet-cn-hangzhou-k",
            new EciProfile(List.of("vsw-a", "vsw-b"), "sg-1", "rg-1"));

    private Pods() {
    }

    /** A pod "shop/web" with the given labels, annotations (flow maps, e.g. "{a: b}") and spec. */
    static Pod pod(String labels, String annotations, String spec) {
        String yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, uid: " + UID
                + ", labels: " + labels + ", annotations: " + annotations + "}\nspec: " + spec + "\n";
        return YAML.unmarshal(yaml, Pod.class);
    }

    /** A pod with one container "app" (image nginx) with the given extra container fields, e.g. "resources: {...}". */
    static Pod oneContainer(String labels, String annotations, String containerFields) {
        return pod(labels, annotations, "{containers: [{name: app, image: nginx" + (containerFields.isEmpty() ? "" : ", " + containerFields) + "}]}");
    }

    static Translation.Accepted accept(Pod pod) {
        return accept(pod, CTX);
    }

    static Translation.Accepted accept(Pod pod, TranslationContext ctx) {
        Translation t = PodTranslator.translate(pod, java.util.Map.of(), ctx);
        if (t instanceof Translation.Rejected r) {
            throw new AssertionError("rejected: " + r.reason() + " " + r.message());
        }
        return (Translation.Accepted) t;
    }

    static JsonNode json(InstanceRequest request) {
        return EventCodec.mapper().valueToTree(request);
    }

    static JsonNode parse(String json) {
        return EventCodec.mapper().readTree(json);
    }
}
