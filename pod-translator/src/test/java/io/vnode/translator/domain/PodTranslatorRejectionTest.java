package io.vnode.translator.domain;

import static io.vnode.translator.domain.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.pod.RejectionReason;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per rejection rule: the pod, the stable code, and what the message tells the person. */
class PodTranslatorRejectionTest {

    private static final String C = "{name: app, image: nginx}";

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("DaemonSet owner", pod("{}", "{}", "{containers: [" + C + "]}").toBuilder()
                                .editMetadata().addNewOwnerReference().withKind("DaemonSet").withName("kube-proxy")
                                .withApiVersion("apps/v1").withUid("u").endOwnerReference().endMetadata().build(),
                        RejectionReason.DAEMONSET_NOT_SUPPORTED, "DaemonSet kube-proxy"),
                Arguments.of("hostNetwork", pod("{}", "{}", "{hostNetwork: true, containers: [" + C + "]}"),
                        RejectionReason.HOST_NETWORK_NOT_SUPPORTED, "remove hostNetwork"),
                Arguments.of("hostPID", pod("{}", "{}", "{hostPID: true, containers: [" + C + "]}"),
                        RejectionReason.HOST_NAMESPACE_NOT_SUPPORTED, "hostPID/hostIPC"),
                Arguments.of("hostIPC", pod("{}", "{}", "{hostIPC: true, containers: [" + C + "]}"),
                        RejectionReason.HOST_NAMESPACE_NOT_SUPPORTED, "hostPID/hostIPC"),
                Arguments.of("hostPath", pod("{}", "{}", "{containers: [" + C + "], volumes: [{name: data, hostPath: {path: /var/data}}]}"),
                        RejectionReason.HOST_PATH_NOT_SUPPORTED, "volume data is a hostPath (/var/data)"),
                Arguments.of("privileged", pod("{}", "{}", "{containers: [{name: app, image: nginx, securityContext: {privileged: true}}]}"),
                        RejectionReason.PRIVILEGED_NOT_SUPPORTED, "container app is privileged"),
                Arguments.of("privileged init", pod("{}", "{}", "{initContainers: [{name: setup, image: busybox, securityContext: {privileged: true}}], containers: [" + C + "]}"),
                        RejectionReason.PRIVILEGED_NOT_SUPPORTED, "init container setup is privileged"),
                Arguments.of("missing image", pod("{}", "{}", "{containers: [{name: app}]}"),
                        RejectionReason.MISSING_IMAGE, "container app has no image"),
                Arguments.of("21 containers", pod("{}", "{}", "{containers: [" + containers(21) + "]}"),
                        RejectionReason.TOO_MANY_CONTAINERS, "21 containers"),
                Arguments.of("21 volumes", pod("{}", "{}", "{containers: [" + C + "], volumes: [" + volumes(21) + "]}"),
                        RejectionReason.TOO_MANY_VOLUMES, "21 volumes"),
                Arguments.of("no containers", pod("{}", "{}", "{containers: []}"),
                        RejectionReason.INVALID_POD, "no containers"),
                Arguments.of("malformed use-specs", pod("{}", "{k8s.aliyun.com/eci-use-specs: '2C4G'}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_USE_SPECS, "'2C4G' is neither"),
                Arguments.of("empty use-spec item", pod("{}", "{k8s.aliyun.com/eci-use-specs: '2-4Gi,,4-8Gi'}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_USE_SPECS, "is neither"),
                Arguments.of("6 use-specs", pod("{}", "{k8s.aliyun.com/eci-use-specs: '1-2Gi,2-4Gi,4-8Gi,8-16Gi,16-32Gi,32-64Gi'}", "{containers: [" + C + "]}"),
                        RejectionReason.TOO_MANY_USE_SPECS, "lists 6 specs, at most 5"),
                Arguments.of("use-spec beyond the table", pod("{}", "{k8s.aliyun.com/eci-use-specs: '128-1024Gi'}", "{containers: [" + C + "]}"),
                        RejectionReason.NO_SPEC_FITS, "the largest is 64-512Gi"),
                Arguments.of("ECI requests beyond the table", pod("{}", "{}", "{containers: [{name: app, image: nginx, resources: {requests: {cpu: '80'}}}]}"),
                        RejectionReason.NO_SPEC_FITS, "no ECI spec offers 80 vCPU and 160 GiB"),
                Arguments.of("ACS requests beyond the table", pod("{alibabacloud.com/acs: 'true'}", "{}", "{containers: [{name: app, image: nginx, resources: {limits: {memory: 600Gi}}}]}"),
                        RejectionReason.NO_SPEC_FITS, "no ACS spec offers"),
                Arguments.of("ECI GPU without an ECS type", pod("{}", "{}", "{containers: [{name: app, image: cuda, resources: {limits: {nvidia.com/gpu: 1}}}]}"),
                        RejectionReason.NO_SPEC_FITS, "k8s.aliyun.com/eci-use-specs with a GPU type"),
                Arguments.of("ECI GPU with only vCPU-memory use-specs", pod("{}", "{k8s.aliyun.com/eci-use-specs: 2-4Gi}", "{containers: [{name: app, image: cuda, resources: {limits: {nvidia.com/gpu: 1}}}]}"),
                        RejectionReason.NO_SPEC_FITS, "names no ECS GPU instance type"),
                Arguments.of("gpu-hpn without reserved nodes", pod("{alibabacloud.com/acs: 'true', alibabacloud.com/compute-class: gpu-hpn}", "{}", "{containers: [" + C + "]}"),
                        RejectionReason.GPU_HPN_REQUIRES_RESERVED_NODES, "alibabacloud.com/node-type: reserved"),
                Arguments.of("gpu-hpn best-effort", pod("{alibabacloud.com/compute-class: gpu-hpn, alibabacloud.com/compute-qos: best-effort}", "{}", "{nodeSelector: {alibabacloud.com/node-type: reserved}, containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "gpu-hpn supports only the QoS class default"),
                Arguments.of("unknown compute class", pod("{alibabacloud.com/compute-class: turbo}", "{}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "'turbo' is not an ACS compute class"),
                Arguments.of("unknown QoS", pod("{alibabacloud.com/acs: 'true', alibabacloud.com/compute-qos: gold}", "{}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "'gold' is not an ACS QoS class"),
                Arguments.of("inline csi volume", pod("{}", "{}", "{containers: [" + C + "], volumes: [{name: data, csi: {driver: secrets-store.csi.k8s.io}}]}"),
                        RejectionReason.UNSUPPORTED_VOLUME, "an inline csi volume of driver secrets-store.csi.k8s.io (use a PersistentVolume"),
                Arguments.of("generic ephemeral volume", pod("{}", "{}", "{containers: [" + C + "], volumes: [{name: scratch, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}}]}"),
                        RejectionReason.UNSUPPORTED_VOLUME, "volume scratch is a generic ephemeral volume"),
                Arguments.of("other volume types", pod("{}", "{}", "{containers: [" + C + "], volumes: [{name: data, iscsi: {targetPortal: '10.0.0.1:3260', iqn: 'iqn.x', lun: 0}}]}"),
                        RejectionReason.UNSUPPORTED_VOLUME, "volume data is of a type the cloud cannot mount: the virtual node mounts"),
                Arguments.of("bad spot strategy", pod("{}", "{k8s.aliyun.com/eci-spot-strategy: Cheap}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "k8s.aliyun.com/eci-spot-strategy 'Cheap' is invalid"),
                Arguments.of("price limit strategy without a limit", pod("{}", "{k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "needs k8s.aliyun.com/eci-spot-price-limit"),
                Arguments.of("max pending out of range", pod("{}", "{k8s.aliyun.com/eci-max-pending-minute: '5'}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "a number from 10 to 1440"),
                Arguments.of("four custom tags", pod("{}", "{k8s.aliyun.com/eci-custom-tags: 'a:1,b:2,c:3,d:4'}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "at most 3"),
                Arguments.of("reserved custom tag", pod("{}", "{k8s.aliyun.com/eci-custom-tags: 'aliyun-x:1'}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "'aliyun-x:1' is not a valid tag"),
                Arguments.of("bad fail strategy", pod("{}", "{k8s.aliyun.com/eci-fail-strategy: retry}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "fail-back, fail-over, fail-fast"),
                Arguments.of("11 vSwitches", pod("{}", "{k8s.aliyun.com/eci-vswitch: 'a,b,c,d,e,f,g,h,i,j,k'}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "1 to 10 vSwitch ids"),
                Arguments.of("unknown named probe port", pod("{}", "{}", "{containers: [{name: app, image: nginx, livenessProbe: {httpGet: {path: /, port: web}}}]}"),
                        RejectionReason.INVALID_POD, "names port 'web'"),
                Arguments.of("unknowable fieldRef", pod("{}", "{}", "{containers: [{name: app, image: nginx, env: [{name: X, valueFrom: {fieldRef: {fieldPath: status.phase}}}]}]}"),
                        RejectionReason.INVALID_POD, "reads fieldRef status.phase"),
                Arguments.of("pod-required-spec not in the ACS table", pod("{alibabacloud.com/acs: 'true'}", "{alibabacloud.com/pod-required-spec: 2-40Gi}", "{containers: [" + C + "]}"),
                        RejectionReason.INVALID_POD, "is not an ACS spec"),
                Arguments.of("pod-required-spec below the requests", pod("{alibabacloud.com/acs: 'true'}", "{alibabacloud.com/pod-required-spec: 1-2Gi}", "{containers: [{name: app, image: nginx, resources: {requests: {cpu: 2}}}]}"),
                        RejectionReason.NO_SPEC_FITS, "smaller than what the containers declare"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejects(String rule, io.fabric8.kubernetes.api.model.Pod pod, RejectionReason reason, String messagePart) {
        Translation t = PodTranslator.translate(pod, Map.of(), Pods.CTX);
        assertThat(t).isInstanceOf(Translation.Rejected.class);
        Translation.Rejected r = (Translation.Rejected) t;
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.message()).contains(messagePart);
    }

    private static String containers(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("{name: c").append(i).append(", image: nginx}");
        }
        return sb.toString();
    }

    private static String volumes(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("{name: v").append(i).append(", emptyDir: {}}");
        }
        return sb.toString();
    }
}
