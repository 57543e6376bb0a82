package io.vnode.localkube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.vnode.contracts.Keys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Pods of every scenario in the product documents (../shared/seeds), as the API server would hold
 * them after scheduling (uid set; call {@link #onNode(Pod, String)} to bind one). Each call returns a
 * new pod with a fresh uid.
 */
public final class PodFixtures {

    public static final String NGINX_OPENANOLIS = "registry.openanolis.cn/openanolis/nginx:1.14.1-8.6";
    public static final String NGINX_ALPINE = "mirrors-ssl.aliyuncs.com/nginx:stable-alpine";
    public static final String NGINX_ANOLIS_ZJK = "anolis-registry.cn-zhangjiakou.cr.aliyuncs.com/openanolis/nginx:1.14.1-8.6";
    public static final String STRESS = "registry-cn-hangzhou.ack.aliyuncs.com/acs/stress:v1.0.4";
    public static final String NGINX_ACK_MULTIPLE_CLUSTERS =
            "acr-multiple-clusters-registry.cn-hangzhou.cr.aliyuncs.com/ack-multiple-clusters/nginx";
    public static final String CUDA_VECTORADD =
            "acr-multiple-clusters-registry.cn-hangzhou.cr.aliyuncs.com/ack-multiple-clusters/cuda10.2-vectoradd";

    private PodFixtures() {
    }

    /** Every seed scenario by a stable name (the table the translator and end-to-end tests run). */
    public static Map<String, Pod> seedScenarios() {
        Map<String, Pod> pods = new LinkedHashMap<>();
        pods.put("nginx-acs-by-node-selector", nginxAcsByNodeSelector());
        pods.put("nginx-acs-by-label", nginxAcsByLabel());
        pods.put("nginx-acs-registered-cluster", nginxAcsRegisteredCluster());
        pods.put("gpu-by-node-selector", gpuByNodeSelector());
        pods.put("gpu-by-resource-policy", gpuByResourcePolicy());
        pods.put("gpu-by-acs-label", gpuByAcsLabel());
        pods.put("gpu-hpn-reserved", gpuHpnReserved());
        pods.put("cuda-vectoradd", cudaVectorAdd());
        pods.put("eci-label-2-4gi", eciLabelledUseSpecs());
        pods.put("eci-namespace-2-4gi", eciNamespacePod("vk"));
        pods.put("nginx-eci-by-resource-policy", nginxEciByResourcePolicy());
        return pods;
    }

    // ---- seed 000: ACS CPU pods in an ACK Edge cluster ----

    /** nginx Deployment pod scheduled by nodeSelector type=virtual-kubelet + toleration, ACS general-purpose. */
    public static Pod nginxAcsByNodeSelector() {
        return pod("default", "nginx-9cdf7bbf9-" + suffix(), labels(
                        "app", "nginx",
                        Keys.LABEL_COMPUTE_CLASS, "general-purpose",
                        Keys.LABEL_COMPUTE_QOS, "default"),
                Map.of(), b -> b.editSpec()
                        .withNodeSelector(Map.of(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET))
                        .withTolerations(virtualNodeToleration())
                        .withContainers(container("nginx", NGINX_OPENANOLIS, "2", null, null))
                        .endSpec(),
                "ReplicaSet", "nginx-9cdf7bbf9");
    }

    /** nginx Deployment pod with the label alibabacloud.com/acs=true (no selector, no toleration). */
    public static Pod nginxAcsByLabel() {
        return pod("default", "nginx-9cdf7bbf9-" + suffix(), labels(
                        "app", "nginx",
                        Keys.LABEL_ACS, "true",
                        Keys.LABEL_COMPUTE_CLASS, "general-purpose",
                        Keys.LABEL_COMPUTE_QOS, "default"),
                Map.of(), b -> b.editSpec()
                        .withContainers(container("nginx", NGINX_OPENANOLIS, "2", null, null))
                        .endSpec(),
                "ReplicaSet", "nginx-9cdf7bbf9");
    }

    // ---- seed 001: ACS in an ACK One registered cluster ----

    /** nginx:stable-alpine with port 80 and the acs label. */
    public static Pod nginxAcsRegisteredCluster() {
        Container c = new ContainerBuilder(container("nginx", NGINX_ALPINE, "2", null, null))
                .addNewPort().withContainerPort(80).withProtocol("TCP").endPort()
                .build();
        return pod("default", "nginx-54bcbc9b66-" + suffix(), labels(
                        "app", "nginx",
                        Keys.LABEL_ACS, "true",
                        Keys.LABEL_COMPUTE_CLASS, "general-purpose",
                        Keys.LABEL_COMPUTE_QOS, "default"),
                Map.of(), b -> b.editSpec().withContainers(c).endSpec(),
                "ReplicaSet", "nginx-54bcbc9b66");
    }

    // ---- GPU pods (seeds 000 and 001) ----

    public static Pod gpuByNodeSelector() {
        return gpuPod("dep-node-selector-demo-9cdf7bbf9-" + suffix(), labels(
                        "app", "node-selector-demo",
                        Keys.LABEL_COMPUTE_CLASS, "gpu",
                        Keys.LABEL_COMPUTE_QOS, "default",
                        Keys.LABEL_GPU_MODEL_SERIES, "example-model"),
                b -> b.editSpec()
                        .withNodeSelector(Map.of(Keys.NODE_LABEL_TYPE, Keys.NODE_TYPE_VIRTUAL_KUBELET))
                        .withTolerations(virtualNodeToleration())
                        .endSpec());
    }

    /** The GPU pod of the ResourcePolicy example, with the labels the policy's unit adds. */
    public static Pod gpuByResourcePolicy() {
        return gpuPod("dep-rp-demo-7d9f8c6b5-" + suffix(), labels(
                        "app", "dep-rp-demo",
                        Keys.LABEL_COMPUTE_CLASS, "gpu",
                        Keys.LABEL_COMPUTE_QOS, "default",
                        Keys.LABEL_GPU_MODEL_SERIES, "example-model"),
                b -> b);
    }

    public static Pod gpuByAcsLabel() {
        return gpuPod("dep-node-selector-demo-9cdf7bbf9-" + suffix(), labels(
                        "app", "node-selector-demo",
                        Keys.LABEL_ACS, "true",
                        Keys.LABEL_COMPUTE_CLASS, "gpu",
                        Keys.LABEL_COMPUTE_QOS, "default",
                        Keys.LABEL_GPU_MODEL_SERIES, "example-model"),
                b -> b);
    }

    /** gpu-hpn pod that targets reserved nodes (alibabacloud.com/node-type: reserved). */
    public static Pod gpuHpnReserved() {
        return gpuPod("dep-node-selector-demo-9cdf7bbf9-" + suffix(), labels(
                        "app", "node-selector-demo",
                        Keys.LABEL_COMPUTE_CLASS, "gpu-hpn",
                        Keys.LABEL_COMPUTE_QOS, "default",
                        Keys.LABEL_ACS, "true"),
                b -> b.editSpec().withNodeSelector(Map.of(Keys.LABEL_NODE_TYPE, "reserved")).endSpec());
    }

    /** gpu-hpn pod without the reserved-node selector: must be rejected. */
    public static Pod gpuHpnWithoutReservedNodes() {
        return gpuPod("dep-hpn-" + suffix(), labels(
                        "app", "hpn",
                        Keys.LABEL_COMPUTE_CLASS, "gpu-hpn",
                        Keys.LABEL_COMPUTE_QOS, "default",
                        Keys.LABEL_ACS, "true"),
                b -> b);
    }

    // ---- seeds 003/004: ECI ----

    /** The CUDA vector-add pod: eci label, eci-use-specs ecs.gn5-c4g1.xlarge, restartPolicy Never. */
    public static Pod cudaVectorAdd() {
        Container c = new ContainerBuilder()
                .withName("cuda-container")
                .withImage(CUDA_VECTORADD)
                .withResources(new ResourceRequirementsBuilder()
                        .addToLimits("nvidia.com/gpu", new Quantity("1"))
                        .build())
                .build();
        return pod("default", "gpu-pod", labels(Keys.LABEL_ECI, "true"),
                Map.of(Keys.ECI_USE_SPECS, "ecs.gn5-c4g1.xlarge"),
                b -> b.editSpec().withRestartPolicy("Never").withContainers(c).endSpec(),
                null, null);
    }

    /** nginx Deployment pod with the label alibabacloud.com/eci=true and eci-use-specs 2-4Gi. */
    public static Pod eciLabelledUseSpecs() {
        return pod("default", "test-86f7fbc94f-" + suffix(), labels("app", "nginx", Keys.LABEL_ECI, "true"),
                Map.of(Keys.ECI_USE_SPECS, "2-4Gi"),
                b -> b.editSpec().withContainers(nginxPort80()).endSpec(),
                "ReplicaSet", "test-86f7fbc94f");
    }

    /** nginx pod in a namespace labelled alibabacloud.com/eci=true (no pod label), eci-use-specs 2-4Gi. */
    public static Pod eciNamespacePod(String namespace) {
        return pod(namespace, "test-8f54bcfb5-" + suffix(), labels("app", "nginx"),
                Map.of(Keys.ECI_USE_SPECS, "2-4Gi"),
                b -> b.editSpec().withContainers(nginxPort80()).endSpec(),
                "ReplicaSet", "test-8f54bcfb5");
    }

    /**
     * A replica of seed 003's nginx Deployment that the ResourcePolicy (unit idc max 3, then eci) overflows
     * to the virtual node: schedulerName ack-co-scheduler, cpu 2, no eci/acs label and no compute class.
     */
    public static Pod nginxEciByResourcePolicy() {
        return pod("default", "nginx-79cd98b4b5-" + suffix(), labels("app", "nginx"),
                Map.of("addannotion", "true"),
                b -> b.editSpec()
                        .withSchedulerName("ack-co-scheduler")
                        .withContainers(container("nginx", NGINX_ACK_MULTIPLE_CLUSTERS, "2", null, null))
                        .endSpec(),
                "ReplicaSet", "nginx-79cd98b4b5");
    }

    /** A namespace labelled alibabacloud.com/eci=true. */
    public static Namespace eciLabelledNamespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of(Keys.LABEL_ECI, "true", "kubernetes.io/metadata.name", name))
                .endMetadata().build();
    }

    // ---- what the product must refuse ----

    public static Pod daemonSetPod() {
        return pod("kube-system", "kube-proxy-" + suffix(), labels("k8s-app", "kube-proxy", Keys.LABEL_ECI, "true"), Map.of(),
                b -> b.editSpec().withContainers(container("kube-proxy", "registry.k8s.io/kube-proxy:v1.32.4", "100m", null, null)).endSpec(),
                "DaemonSet", "kube-proxy");
    }

    public static Pod hostPathPod() {
        return pod("default", "hostpath-" + suffix(), labels(Keys.LABEL_ECI, "true"), Map.of(),
                b -> b.editSpec()
                        .withContainers(new ContainerBuilder(container("app", "busybox:1.36", "1", "2Gi", null))
                                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().build())
                        .addNewVolume().withName("data").withNewHostPath().withPath("/var/data").endHostPath().endVolume()
                        .endSpec(),
                null, null);
    }

    public static Pod privilegedPod() {
        return pod("default", "privileged-" + suffix(), labels(Keys.LABEL_ECI, "true"), Map.of(),
                b -> b.editSpec()
                        .withContainers(new ContainerBuilder(container("app", "busybox:1.36", "1", "2Gi", null))
                                .withNewSecurityContext().withPrivileged(true).endSecurityContext().build())
                        .endSpec(),
                null, null);
    }

    public static Pod hostNetworkPod() {
        return pod("default", "hostnet-" + suffix(), labels(Keys.LABEL_ECI, "true"), Map.of(),
                b -> b.editSpec().withHostNetwork(true)
                        .withContainers(container("app", "busybox:1.36", "1", "2Gi", null)).endSpec(),
                null, null);
    }

    /** A realistic web pod: app + sidecar + init container, env from ConfigMap/Secret, probes, volumes. */
    public static Pod realisticMultiContainer() {
        Container app = new ContainerBuilder(container("app", "registry.example.com/shop/web:2.14.3", "1500m", "3Gi", null))
                .withCommand("/bin/web").withArgs("--port=8080", "--log=json")
                .addNewEnv().withName("MODE").withValue("prod").endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("DB_PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName("db").withKey("password").endSecretKeyRef().endValueFrom().endEnv()
                .addNewEnvFrom().withNewConfigMapRef().withName("web-env").endConfigMapRef().endEnvFrom()
                .addNewPort().withContainerPort(8080).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName("conf").withMountPath("/etc/web").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("cache").withMountPath("/cache").endVolumeMount()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withNewPort(8080).endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withNewPort(8080).endTcpSocket().withInitialDelaySeconds(10).endLivenessProbe()
                .build();
        Container sidecar = new ContainerBuilder(container("log-agent", "registry.example.com/infra/log-agent:1.3", "250m", "512Mi", null))
                .addNewEnv().withName("__ECI_RESOURCE_IGNORE__").withValue("TRUE").endEnv()
                .addNewVolumeMount().withName("cache").withMountPath("/var/log/web").withReadOnly(true).endVolumeMount()
                .build();
        Container init = new ContainerBuilder(container("migrate", "registry.example.com/shop/migrate:2.14.3", "500m", "1Gi", null))
                .withCommand("/bin/migrate", "up")
                .build();
        return pod("shop", "web-6d4c9b7f8-" + suffix(), labels("app", "web", Keys.LABEL_ECI, "true"), Map.of(),
                b -> b.editSpec()
                        .withInitContainers(init)
                        .withContainers(app, sidecar)
                        .addNewVolume().withName("conf").withNewConfigMap().withName("web-conf").endConfigMap().endVolume()
                        .addNewVolume().withName("cache").withNewEmptyDir().withSizeLimit(new Quantity("1Gi")).endEmptyDir().endVolume()
                        .addNewImagePullSecret().withName("registry-pull").endImagePullSecret()
                        .withTerminationGracePeriodSeconds(30L)
                        .endSpec(),
                "ReplicaSet", "web-6d4c9b7f8");
    }

    // ---- helpers ----

    /** A copy of the pod bound to the node (spec.nodeName set), as the scheduler or binder leaves it. */
    public static Pod onNode(Pod pod, String nodeName) {
        return new PodBuilder(pod).editSpec().withNodeName(nodeName).endSpec().build();
    }

    /** A copy of the pod in another namespace. */
    public static Pod inNamespace(Pod pod, String namespace) {
        return new PodBuilder(pod).editMetadata().withNamespace(namespace).endMetadata().build();
    }

    public static Toleration virtualNodeToleration() {
        return new TolerationBuilder().withKey(Keys.TAINT_KEY).withOperator("Exists").withEffect("NoSchedule").build();
    }

    private static Pod gpuPod(String name, Map<String, String> labels, UnaryOperator<PodBuilder> customize) {
        Container c = new ContainerBuilder(container("node-selector-demo", STRESS, "1", "1Gi", "1"))
                .withCommand("sleep", "1000h")
                .build();
        return pod("default", name, labels, Map.of(),
                b -> customize.apply(b.editSpec().withContainers(c).endSpec()),
                "ReplicaSet", name.substring(0, name.lastIndexOf('-')));
    }

    private static Container nginxPort80() {
        return new ContainerBuilder().withName("nginx").withImage(NGINX_ANOLIS_ZJK)
                .addNewPort().withContainerPort(80).withProtocol("TCP").endPort()
                .build();
    }

    /** A container whose requests equal its limits (cpu, memory, nvidia.com/gpu; null = not set). */
    static Container container(String name, String image, String cpu, String memory, String gpu) {
        ResourceRequirementsBuilder r = new ResourceRequirementsBuilder();
        if (cpu != null) {
            r.addToRequests("cpu", new Quantity(cpu)).addToLimits("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            r.addToRequests("memory", new Quantity(memory)).addToLimits("memory", new Quantity(memory));
        }
        if (gpu != null) {
            r.addToRequests("nvidia.com/gpu", new Quantity(gpu)).addToLimits("nvidia.com/gpu", new Quantity(gpu));
        }
        return new ContainerBuilder().withName(name).withImage(image).withResources(r.build()).build();
    }

    private static Pod pod(String namespace, String name, Map<String, String> labels, Map<String, String> annotations,
                           UnaryOperator<PodBuilder> customize, String ownerKind, String ownerName) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid(UUID.randomUUID().toString())
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Always")
                .withTerminationGracePeriodSeconds(30L)
                .withDnsPolicy("ClusterFirst")
                .endSpec();
        if (ownerKind != null) {
            b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1").withKind(ownerKind).withName(ownerName)
                    .withUid(UUID.nameUUIDFromBytes(ownerName.getBytes()).toString())
                    .withController(true).build()).endMetadata();
        }
        return customize.apply(b).build();
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String suffix() {
        String chars = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        return sb.toString();
    }
}
