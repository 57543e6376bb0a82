package io.vnode.deploy;

import static io.vnode.deploy.RenderedChart.NAMESPACE;
import static io.vnode.deploy.RenderedChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node-agent's admission webhook: registration, TLS (generated or the user's), Service. */
class ChartWebhookTest {

    private static final String AGENT = RELEASE + "-node-agent";
    private static final RenderedChart CHART = RenderedChart.defaults();

    @Test
    void webhookMutatesPodCreationOutsideKubeSystemAndNeverBlocks() {
        MutatingWebhookConfiguration config = CHART.get(MutatingWebhookConfiguration.class, AGENT);

        assertThat(config.getWebhooks()).hasSize(1);
        MutatingWebhook hook = config.getWebhooks().get(0);
        assertThat(hook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(hook.getSideEffects()).isEqualTo("None");
        assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(hook.getTimeoutSeconds()).isEqualTo(5);
        assertThat(hook.getRules()).hasSize(1);
        RuleWithOperations rule = hook.getRules().get(0);
        assertThat(rule.getOperations()).containsExactly("CREATE");
        assertThat(rule.getApiGroups()).containsExactly("");
        assertThat(rule.getApiVersions()).containsExactly("v1");
        assertThat(rule.getResources()).containsExactly("pods");
        assertThat(hook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).containsExactly("kube-system");
        });
        assertThat(hook.getClientConfig().getUrl()).isNull();
        assertThat(hook.getClientConfig().getService().getName()).isEqualTo(AGENT);
        assertThat(hook.getClientConfig().getService().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
        assertThat(hook.getClientConfig().getService().getPort()).isEqualTo(443);
    }

    @Test
    void generatedCaBundleSignsTheCertificateNodeAgentServesForItsServiceName() throws Exception {
        MutatingWebhook hook = CHART.get(MutatingWebhookConfiguration.class, AGENT).getWebhooks().get(0);
        Secret tls = CHART.get(Secret.class, AGENT + "-tls");

        assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(tls.getData()).containsKeys("ca.crt", "tls.crt", "tls.key");
        String caBundle = hook.getClientConfig().getCaBundle();
        assertThat(caBundle).isNotBlank().isEqualTo(tls.getData().get("ca.crt"));

        X509Certificate ca = certificate(caBundle);
        X509Certificate served = certificate(tls.getData().get("tls.crt"));
        served.verify(ca.getPublicKey());
        served.checkValidity();
        List<String> dnsNames = served.getSubjectAlternativeNames().stream()
                .filter(san -> (Integer) san.get(0) == 2).map(san -> (String) san.get(1)).toList();
        assertThat(dnsNames).contains(AGENT + "." + NAMESPACE + ".svc", AGENT + "." + NAMESPACE, AGENT);
    }

    @Test
    void nodeAgentServesTheWebhookAndKubeletPortsWithTheTlsSecret() {
        Service service = CHART.get(Service.class, AGENT);
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getPort()).isEqualTo(443);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
        }).anySatisfy(p -> {
            assertThat(p.getPort()).isEqualTo(10250);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("kubelet");
        });
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "node-agent");

        Deployment agent = CHART.deployment("node-agent");
        Container c = RenderedChart.container(agent);
        assertThat(c.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(org.assertj.core.groups.Tuple.tuple("https", 8443),
                        org.assertj.core.groups.Tuple.tuple("kubelet", 10250));
        assertThat(RenderedChart.env(c)).containsKeys("SERVER_SSL_CERTIFICATE", "SERVER_SSL_CERTIFICATEPRIVATEKEY",
                "VNODE_KUBELET_CERTFILE", "VNODE_KUBELET_KEYFILE");
        assertThat(RenderedChart.env(c).get("SERVER_SSL_CERTIFICATE").getValue()).isEqualTo("/etc/vnode/tls/tls.crt");
        // only a client the cluster CA signed (the API server) reads logs through the kubelet port
        assertThat(RenderedChart.env(c).get("VNODE_KUBELET_CLIENTCAFILE").getValue())
                .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
        assertThat(RenderedChart.env(RenderedChart.container(RenderedChart.render(Map.<String, Object>of("nodeAgent.kubeletClientCaFile", ""))
                .deployment("node-agent")))).doesNotContainKey("VNODE_KUBELET_CLIENTCAFILE");
        assertThat(tlsVolume(agent).getSecret().getSecretName()).isEqualTo(AGENT + "-tls");
    }

    @Test
    void aUserTlsSecretIsMountedAndItsCaBundleRegistered() {
        String bundle = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes());
        RenderedChart chart = RenderedChart.render(Map.of(
                "webhook.tls.existingSecret", "my-webhook-tls",
                "webhook.tls.caBundle", bundle));

        assertThat(chart.all(Secret.class)).noneMatch(s -> s.getMetadata().getName().endsWith("-tls"));
        assertThat(chart.get(MutatingWebhookConfiguration.class, AGENT).getWebhooks().get(0)
                .getClientConfig().getCaBundle()).isEqualTo(bundle);
        assertThat(tlsVolume(chart.deployment("node-agent")).getSecret().getSecretName()).isEqualTo("my-webhook-tls");
    }

    @Test
    void aUserTlsSecretWithoutCaBundleIsRefusedRatherThanRegisteredUntrusted() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of("webhook.tls.existingSecret", "my-webhook-tls")))
                .hasMessageContaining("webhook.tls.caBundle is required");
    }

    @Test
    void disablingTheWebhookKeepsTheTlsForTheKubeletPort() {
        RenderedChart chart = RenderedChart.render(Map.of("webhook.enabled", false));

        assertThat(chart.all(MutatingWebhookConfiguration.class)).isEmpty();
        assertThat(chart.secret(AGENT + "-tls")).isPresent();
        assertThat(RenderedChart.env(RenderedChart.container(chart.deployment("node-agent")))
                .get("VNODE_WEBHOOK_ENABLED").getValue()).isEqualTo("false");
    }

    @Test
    void excludedNamespacesAndFailurePolicyAreConfigurable() {
        RenderedChart chart = RenderedChart.render(Map.of(), """
                webhook:
                  excludedNamespaces: [kube-system, kube-public, vnode-system]
                  failurePolicy: Fail
                """);

        MutatingWebhook hook = chart.get(MutatingWebhookConfiguration.class, AGENT).getWebhooks().get(0);
        assertThat(hook.getFailurePolicy()).isEqualTo("Fail");
        assertThat(hook.getNamespaceSelector().getMatchExpressions().get(0).getValues())
                .containsExactly("kube-system", "kube-public", "vnode-system");
    }

    private static Volume tlsVolume(Deployment d) {
        return RenderedChart.pod(d).getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst().orElseThrow();
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        byte[] pem = Base64.getDecoder().decode(base64Pem);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }
}
