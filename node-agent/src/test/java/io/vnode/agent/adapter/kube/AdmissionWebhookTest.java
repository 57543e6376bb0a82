package io.vnode.agent.adapter.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.agent.domain.ProfileSelector;
import io.vnode.contracts.Keys;
import io.vnode.localkube.PodFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdmissionWebhookTest {

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final AdmissionWebhook webhook = new AdmissionWebhook(json,
            ns -> "vk".equals(ns) ? Map.of(Keys.LABEL_ECI, "true") : Map.of(), List::of, null);

    @Test
    void aLabelledPodGetsTheSelectorAndTolerationAsBase64JsonPatch() {
        AdmissionReview out = answer(review("u-1", "default", "Pod", PodFixtures.nginxAcsByLabel()));
        assertThat(out.getApiVersion()).isEqualTo("admission.k8s.io/v1");
        assertThat(out.getResponse().getUid()).isEqualTo("u-1");
        assertThat(out.getResponse().getAllowed()).isTrue();
        assertThat(out.getResponse().getPatchType()).isEqualTo("JSONPatch");
        String patch = new String(Base64.getDecoder().decode(out.getResponse().getPatch()), StandardCharsets.UTF_8);
        assertThat(patch).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/nodeSelector\",\"value\":{\"type\":\"virtual-kubelet\"}},"
                + "{\"op\":\"add\",\"path\":\"/spec/tolerations\",\"value\":[{\"key\":\"virtual-kubelet.io/provider\","
                + "\"operator\":\"Exists\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]}]");
    }

    @Test
    void theNamespaceComesFromTheRequestWhenThePodHasNone() {
        Pod pod = PodFixtures.eciNamespacePod("vk");
        pod.getMetadata().setNamespace(null);
        assertThat(answer(review("u-2", "vk", "Pod", pod)).getResponse().getPatch()).isNotNull();
        assertThat(answer(review("u-3", "other", "Pod", pod)).getResponse().getPatch()).isNull();
    }

    @Test
    void aDaemonSetPodIsAllowedUnchanged() {
        AdmissionReview out = answer(review("u-4", "kube-system", "Pod", PodFixtures.daemonSetPod()));
        assertThat(out.getResponse().getAllowed()).isTrue();
        assertThat(out.getResponse().getPatch()).isNull();
    }

    @Test
    void aReviewOfSomethingElseIsAllowedWithAWarning() {
        AdmissionReview out = answer(review("u-5", "default", "ConfigMap", Map.of("data", Map.of())));
        assertThat(out.getResponse().getAllowed()).isTrue();
        assertThat(out.getResponse().getWarnings()).singleElement().asString().contains("not a Pod");
    }

    @Test
    void anUnreadablePodIsAllowedWithAWarning() {
        AdmissionReview out = answer(review("u-6", "default", "Pod", Map.of("spec", "not-an-object")));
        assertThat(out.getResponse().getAllowed()).isTrue();
        assertThat(out.getResponse().getWarnings()).singleElement().asString().contains("not a readable Pod");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"kind\":\"AdmissionReview\"}", "{\"request\":{\"kind\":{\"kind\":\"Pod\"}}}", "[1,2]"})
    void aMalformedReviewIsRefusedWithAMessage(String body) {
        assertThatThrownBy(() -> webhook.review(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AdmissionWebhook.BadReviewException.class)
                .hasMessageContaining("AdmissionReview");
    }

    @Test
    void profileSelectorsParseFromTheAckFormatAndBadEntriesAreSkipped() {
        List<ProfileSelector> selectors = EciProfileSource.parse(json, """
                [{"name": "batch", "objectSelector": {"matchLabels": {"workload": "batch"}},
                  "effect": {"annotations": {"k8s.aliyun.com/eci-use-specs": "ecs.c6.xlarge"}, "labels": {"created-by-eci": "true"}}},
                 {"name": "team", "namespaceSelector": {"matchLabels": {"team": "x"}},
                  "objectSelector": {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["a"]}]}},
                 {"name": "everything"},
                 {"name": "bad-op", "objectSelector": {"matchExpressions": [{"key": "k", "operator": "Near"}]}}]
                """);
        assertThat(selectors).extracting(ProfileSelector::name).containsExactly("batch", "team");
        assertThat(selectors.get(1).matches(Map.of("team", "x"), Map.of("tier", "a"))).isTrue();
        assertThat(selectors.get(0).effectAnnotations()).isEqualTo(Map.of("k8s.aliyun.com/eci-use-specs", "ecs.c6.xlarge"));
        assertThat(selectors.get(0).effectLabels()).isEqualTo(Map.of("created-by-eci", "true"));
        assertThat(selectors.get(1).effectLabels()).isEmpty();
        assertThat(EciProfileSource.parse(json, "{not json")).isEmpty();
        assertThat(EciProfileSource.parse(json, null)).isEmpty();
    }

    private AdmissionReview answer(byte[] body) {
        return json.unmarshal(new String(webhook.review(body), StandardCharsets.UTF_8), AdmissionReview.class);
    }

    private byte[] review(String uid, String namespace, String kind, Object object) {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("uid", uid);
        request.put("namespace", namespace);
        request.put("operation", "CREATE");
        request.put("kind", Map.of("group", "", "version", "v1", "kind", kind));
        request.put("object", json.convertValue(object, Map.class));
        return json.asJson(Map.of("apiVersion", "admission.k8s.io/v1", "kind", "AdmissionReview", "request", request))
                .getBytes(StandardCharsets.UTF_8);
    }
}
