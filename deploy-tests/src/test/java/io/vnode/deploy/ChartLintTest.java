package io.vnode.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @Test
    void lintIsCleanInStrictMode() {
        LintResult result = new Helm(RenderedChart.chart()).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderEveryObjectIntoTheReleaseNamespaceOrClusterScope() {
        RenderedChart chart = RenderedChart.defaults();

        assertThat(chart.objects).isNotEmpty();
        for (HasMetadata o : chart.objects) {
            String ns = o.getMetadata().getNamespace();
            switch (o.getKind()) {
                case "ClusterRole", "ClusterRoleBinding", "MutatingWebhookConfiguration" ->
                        assertThat(ns).as(o.getKind()).isNull();
                default -> assertThat(ns).as("%s %s", o.getKind(), o.getMetadata().getName())
                        .isIn(RenderedChart.NAMESPACE, "kube-node-lease");
            }
            assertThat(o.getMetadata().getLabels()).as("labels of %s", o.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/part-of", "vnode")
                    .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
        }
    }
}
