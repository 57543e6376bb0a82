package io.vnode.translator.domain;

import static io.vnode.translator.domain.Pods.accept;
import static io.vnode.translator.domain.Pods.oneContainer;
import static io.vnode.translator.domain.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * One row per translation rule: a pod, a JSON pointer into the request, and the exact JSON expected
 * there ("null" = absent). The request is compared as the wire sees it (EventCodec's mapper): exactly,
 * except at the root and at "/containers/0" without an image, where the row lists only the fields of
 * its rule (and those must match exactly, arrays element by element).
 */
class PodTranslatorRulesTest {

    private static final String B64_NAME = "d2Vi"; // "web"

    static Stream<Arguments> rows() {
        return Stream.of(
                // ---- compute type, class, QoS ----
                row("ECI is the default", oneContainer("{}", "{}", ""), "/computeType", "\"ECI\""),
                row("acs label -> ACS general-purpose default", oneContainer("{alibabacloud.com/acs: 'true'}", "{}", ""), "", 
                        "{\"computeClass\":\"general-purpose\",\"computeQos\":\"default\"}"),
                row("compute class alone -> ACS", oneContainer("{alibabacloud.com/compute-class: performance}", "{}", ""), "/computeType", "\"ACS\""),
                row("best-effort QoS", oneContainer("{alibabacloud.com/acs: 'true', alibabacloud.com/compute-qos: best-effort}", "{}", ""), "/computeQos", "\"best-effort\""),
                row("eci label wins over a compute class", oneContainer("{alibabacloud.com/eci: 'true', alibabacloud.com/compute-class: gpu}", "{}", ""), "/computeClass", "null"),
                row("gpu model series for gpu", oneContainer("{alibabacloud.com/compute-class: gpu, alibabacloud.com/gpu-model-series: T4}", "{}", ""), "/gpuModelSeries", "\"T4\""),
                row("gpu model series ignored for general-purpose", oneContainer("{alibabacloud.com/acs: 'true', alibabacloud.com/gpu-model-series: T4}", "{}", ""), "/gpuModelSeries", "null"),
                // ---- identity, region, profile ----
                row("name, token, region", oneContainer("{}", "{}", ""), "",
                        "{\"regionId\":\"cn-hangzhou\",\"containerGroupName\":\"shop-web\",\"clientToken\":\"" + Pods.UID + "\"}"),
                row("profile placement", oneContainer("{}", "{}", ""), "",
                        "{\"vSwitchIds\":[\"vsw-a\",\"vsw-b\"],\"securityGroupId\":\"sg-1\",\"resourceGroupId\":\"rg-1\"}"),
                row("eci-vswitch overrides (multi-zone)", oneContainer("{}", "{k8s.aliyun.com/eci-vswitch: 'vsw-x, vsw-y'}", ""), "/vSwitchIds", "[\"vsw-x\",\"vsw-y\"]"),
                row("eci-security-group overrides", oneContainer("{}", "{k8s.aliyun.com/eci-security-group: sg-9}", ""), "/securityGroupId", "\"sg-9\""),
                row("ACS network annotations override", oneContainer("{alibabacloud.com/acs: 'true'}", "{network.alibabacloud.com/vswitch-ids: vsw-n, network.alibabacloud.com/security-group-ids: 'sg-n,sg-m'}", ""), "",
                        "{\"vSwitchIds\":[\"vsw-n\"],\"securityGroupId\":\"sg-n\"}"),
                row("tags", oneContainer("{}", "{k8s.aliyun.com/eci-custom-tags: 'team:shop,env:prod'}", ""), "/tags",
                        "{\"vnode.pod-uid\":\"" + Pods.UID + "\",\"vnode.pod-namespace\":\"shop\",\"vnode.pod-name\":\"web\","
                        + "\"vnode.virtual-node\":\"virtual-kubelet-cn-hangzhou-k\",\"team\":\"shop\",\"env\":\"prod\"}"),
                // ---- size ----
                row("default 2-4Gi", oneContainer("{}", "{}", ""), "/specs", "[{\"name\":\"2-4Gi\",\"cpu\":2.0,\"memoryGiB\":4.0}]"),
                row("ECI sums and rounds up", pod("{}", "{}", "{containers: [{name: a, image: x, resources: {requests: {cpu: 500m, memory: 1Gi}}},"
                        + " {name: b, image: y, resources: {limits: {cpu: 1, memory: 2Gi}}}]}"), "/specs", "[{\"name\":\"2-4Gi\",\"cpu\":2.0,\"memoryGiB\":4.0}]"),
                row("ECI skips __ECI_RESOURCE_IGNORE__", pod("{}", "{}", "{containers: [{name: a, image: x, resources: {requests: {cpu: 1, memory: 2Gi}}},"
                        + " {name: b, image: y, env: [{name: __ECI_RESOURCE_IGNORE__, value: 'TRUE'}], resources: {limits: {cpu: 1, memory: 2Gi}}}]}"),
                        "/specs", "[{\"name\":\"1-2Gi\",\"cpu\":1.0,\"memoryGiB\":2.0}]"),
                row("init containers count as the max", pod("{}", "{}", "{initContainers: [{name: i, image: x, resources: {requests: {cpu: 4, memory: 8Gi}}}],"
                        + " containers: [{name: a, image: x, resources: {requests: {cpu: 1, memory: 2Gi}}}]}"), "/specs/0/name", "\"4-8Gi\""),
                row("ECI only cpu -> 2 GiB per vCPU", oneContainer("{}", "{}", "resources: {requests: {cpu: 4}}"), "/specs/0/name", "\"4-8Gi\""),
                row("ECI only memory -> smallest row", oneContainer("{}", "{}", "resources: {requests: {memory: 3Gi}}"), "/specs/0/name", "\"1-4Gi\""),
                row("ECI per-container resources as declared", pod("{}", "{}", "{containers: [{name: a, image: x, resources: {requests: {cpu: 500m}}}, {name: b, image: y}]}"),
                        "/containers", "[{\"name\":\"a\",\"image\":\"x\",\"cpu\":0.5,\"stdin\":false,\"stdinOnce\":false,\"tty\":false},"
                        + "{\"name\":\"b\",\"image\":\"y\",\"stdin\":false,\"stdinOnce\":false,\"tty\":false}]"),
                row("use-specs in order, rounded, ECS types kept", oneContainer("{}", "{k8s.aliyun.com/eci-use-specs: '2-3Gi, ecs.c6.xlarge,4-8Gi'}", ""), "/specs",
                        "[{\"name\":\"2-4Gi\",\"cpu\":2.0,\"memoryGiB\":4.0},{\"name\":\"ecs.c6.xlarge\",\"instanceType\":\"ecs.c6.xlarge\"},"
                        + "{\"name\":\"4-8Gi\",\"cpu\":4.0,\"memoryGiB\":8.0}]"),
                row("ECI GPU by ECS type", oneContainer("{}", "{k8s.aliyun.com/eci-use-specs: ecs.gn6i-c4g1.xlarge}", "resources: {limits: {nvidia.com/gpu: 1}}"), "",
                        "{\"specs\":[{\"name\":\"ecs.gn6i-c4g1.xlarge\",\"gpu\":1,\"instanceType\":\"ecs.gn6i-c4g1.xlarge\"}]}"),
                row("ACS max cumulative, extra to the first container", pod("{alibabacloud.com/acs: 'true'}", "{}",
                        "{containers: [{name: a, image: x, resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {cpu: 1, memory: 1Gi}}},"
                        + " {name: b, image: y, resources: {requests: {cpu: 500m, memory: 1Gi}}}]}"), "",
                        "{\"specs\":[{\"name\":\"1.5-2Gi\",\"cpu\":1.5,\"memoryGiB\":2.0}],\"containers\":[{\"cpu\":1.0,\"memoryGiB\":1.0},{\"cpu\":0.5,\"memoryGiB\":1.0}]}"),
                row("ACS rounds 0.75 + 0.5 vCPU, 1.5 + 1 GiB up to 1.5-3Gi", acsRoundingUp(), "/specs",
                        "[{\"name\":\"1.5-3Gi\",\"cpu\":1.5,\"memoryGiB\":3.0}]"),
                row("ACS gives what rounding adds (0.25 vCPU, 0.5 GiB) to the first container", acsRoundingUp(), "/containers",
                        "[{\"name\":\"a\",\"image\":\"x\",\"cpu\":1.0,\"memoryGiB\":2.0,\"stdin\":false,\"stdinOnce\":false,\"tty\":false},"
                        + "{\"name\":\"b\",\"image\":\"y\",\"cpu\":0.5,\"memoryGiB\":1.0,\"stdin\":false,\"stdinOnce\":false,\"tty\":false}]"),
                row("ACS does not skip __ECI_RESOURCE_IGNORE__", pod("{alibabacloud.com/acs: 'true'}", "{}", "{containers: [{name: a, image: x, resources: {requests: {cpu: 1, memory: 2Gi}}},"
                        + " {name: b, image: y, env: [{name: __ECI_RESOURCE_IGNORE__, value: 'TRUE'}], resources: {limits: {cpu: 1, memory: 2Gi}}}]}"),
                        "/specs/0/name", "\"2-4Gi\""),
                row("ACS only cpu 2 -> 2-4Gi (2 GiB per vCPU)", oneContainer("{alibabacloud.com/acs: 'true'}", "{}", "resources: {requests: {cpu: 2}, limits: {cpu: 2}}"), "",
                        "{\"specs\":[{\"name\":\"2-4Gi\",\"cpu\":2.0,\"memoryGiB\":4.0}],\"containers\":[{\"cpu\":2.0,\"memoryGiB\":4.0}]}"),
                row("ACS GPU count", oneContainer("{alibabacloud.com/compute-class: gpu}", "{}", "resources: {requests: {cpu: 1, memory: 1Gi, nvidia.com/gpu: 2}, limits: {cpu: 1, memory: 1Gi, nvidia.com/gpu: 2}}"), "",
                        "{\"specs\":[{\"name\":\"1-1Gi\",\"cpu\":1.0,\"memoryGiB\":1.0,\"gpu\":2}],\"containers\":[{\"gpu\":2}]}"),
                row("ACS pod-required-spec", oneContainer("{alibabacloud.com/acs: 'true'}", "{alibabacloud.com/pod-required-spec: 2.5-5Gi}", "resources: {requests: {cpu: 1}}"),
                        "/specs", "[{\"name\":\"2.5-5Gi\",\"cpu\":2.5,\"memoryGiB\":5.0}]"),
                row("ephemeral storage above 30Gi", oneContainer("{}", "{}", "resources: {requests: {ephemeral-storage: 50Gi}}"), "/ephemeralStorageGiB", "20"),
                row("ephemeral storage within 30Gi", oneContainer("{}", "{}", "resources: {requests: {ephemeral-storage: 20Gi}}"), "/ephemeralStorageGiB", "null"),
                row("eci-extra-ephemeral-storage", oneContainer("{}", "{k8s.aliyun.com/eci-extra-ephemeral-storage: 50Gi}", ""), "/ephemeralStorageGiB", "50"),
                // ---- containers ----
                row("image, command, args, workingDir, pull policy, stdin/tty, termination message",
                        oneContainer("{}", "{}", "command: [/bin/web], args: ['--port=8080'], workingDir: /srv, imagePullPolicy: Always, stdin: true, tty: true,"
                                + " terminationMessagePath: /dev/termination-log, terminationMessagePolicy: File"), "/containers/0",
                        "{\"name\":\"app\",\"image\":\"nginx\",\"command\":[\"/bin/web\"],\"args\":[\"--port=8080\"],\"workingDir\":\"/srv\",\"imagePullPolicy\":\"Always\","
                        + "\"stdin\":true,\"stdinOnce\":false,\"tty\":true,\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}"),
                row("env literal, podIP, downward, ConfigMap/Secret refs", oneContainer("{app: web}", "{}",
                        "env: [{name: A, value: '1'}, {name: E}, {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}},"
                        + " {name: HOST_IP, valueFrom: {fieldRef: {fieldPath: status.hostIP}}},"
                        + " {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}, {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}},"
                        + " {name: APP, valueFrom: {fieldRef: {fieldPath: \"metadata.labels['app']\"}}},"
                        + " {name: C, valueFrom: {configMapKeyRef: {name: cfg, key: c, optional: true}}},"
                        + " {name: S, valueFrom: {secretKeyRef: {name: db, key: password}}}]"), "/containers/0/env",
                        "[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"E\",\"value\":\"\"},{\"name\":\"IP\",\"fieldPath\":\"status.podIP\"},"
                        + "{\"name\":\"HOST_IP\",\"fieldPath\":\"status.podIP\"},{\"name\":\"NAME\",\"value\":\"web\"},"
                        + "{\"name\":\"NODE\",\"value\":\"virtual-kubelet-cn-hangzhou-k\"},{\"name\":\"APP\",\"value\":\"web\"},"
                        + "{\"name\":\"C\",\"valueFrom\":{\"kind\":\"CONFIG_MAP\",\"namespace\":\"shop\",\"name\":\"cfg\",\"key\":\"c\",\"optional\":true}},"
                        + "{\"name\":\"S\",\"valueFrom\":{\"kind\":\"SECRET\",\"namespace\":\"shop\",\"name\":\"db\",\"key\":\"password\",\"optional\":false}}]"),
                row("env resourceFieldRef", oneContainer("{}", "{}", "resources: {limits: {cpu: 1500m, memory: 1Gi}},"
                        + " env: [{name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}, {name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}]"),
                        "/containers/0/env", "[{\"name\":\"CPU\",\"value\":\"2\"},{\"name\":\"MEM\",\"value\":\"1024\"}]"),
                row("envFrom as references", oneContainer("{}", "{}", "envFrom: [{configMapRef: {name: web-env}}, {prefix: S_, secretRef: {name: s, optional: true}}]"),
                        "/containers/0/envFrom", "[{\"source\":{\"kind\":\"CONFIG_MAP\",\"namespace\":\"shop\",\"name\":\"web-env\",\"optional\":false}},"
                        + "{\"source\":{\"kind\":\"SECRET\",\"namespace\":\"shop\",\"name\":\"s\",\"optional\":true},\"prefix\":\"S_\"}]"),
                row("ports (TCP default, UDP, SCTP dropped)", oneContainer("{}", "{}", "ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP}, {containerPort: 9, protocol: SCTP}]"),
                        "/containers/0/ports", "[{\"port\":80,\"protocol\":\"TCP\"},{\"port\":53,\"protocol\":\"UDP\"}]"),
                row("probes exec/httpGet(named port)/tcpSocket", oneContainer("{}", "{}", "ports: [{name: http, containerPort: 8080}],"
                        + " readinessProbe: {httpGet: {path: /ready, port: http}, periodSeconds: 5, failureThreshold: 3},"
                        + " livenessProbe: {exec: {command: [cat, /ok]}, initialDelaySeconds: 10, timeoutSeconds: 2}"), "/containers/0",
                        "{\"readinessProbe\":{\"httpGet\":{\"path\":\"/ready\",\"port\":8080,\"scheme\":\"HTTP\"},\"periodSeconds\":5,\"failureThreshold\":3},"
                        + "\"livenessProbe\":{\"exec\":[\"cat\",\"/ok\"],\"initialDelaySeconds\":10,\"timeoutSeconds\":2}}"),
                row("tcpSocket probe", oneContainer("{}", "{}", "readinessProbe: {tcpSocket: {port: 6379}}"), "/containers/0/readinessProbe", "{\"tcpSocketPort\":6379}"),
                row("startupProbe folded into the liveness delay", oneContainer("{}", "{}", "livenessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 5},"
                        + " startupProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10, failureThreshold: 30}"),
                        "/containers/0/livenessProbe", "{\"tcpSocketPort\":80,\"initialDelaySeconds\":300}"),
                row("grpc probe dropped", oneContainer("{}", "{}", "livenessProbe: {grpc: {port: 9000}}"), "/containers/0/livenessProbe", "null"),
                row("security context (pod defaults, container wins)", pod("{}", "{}", "{securityContext: {runAsUser: 1000, runAsGroup: 3000, runAsNonRoot: true},"
                        + " containers: [{name: app, image: nginx, securityContext: {runAsUser: 101, readOnlyRootFilesystem: true, capabilities: {add: [NET_ADMIN]}}}]}"),
                        "/containers/0/securityContext", "{\"capabilitiesAdd\":[\"NET_ADMIN\"],\"runAsUser\":101,\"runAsGroup\":3000,\"runAsNonRoot\":true,\"readOnlyRootFilesystem\":true}"),
                row("lifecycle hooks", oneContainer("{}", "{}", "lifecycle: {postStart: {httpGet: {path: /warm, port: 80}}, preStop: {exec: {command: [nginx, -s, quit]}}}"),
                        "/containers/0", "{\"postStart\":{\"httpGet\":{\"path\":\"/warm\",\"port\":80,\"scheme\":\"HTTP\"}},\"preStop\":{\"exec\":[\"nginx\",\"-s\",\"quit\"]}}"),
                row("volume mounts", oneContainer("{}", "{}", "volumeMounts: [{name: conf, mountPath: /etc/x, readOnly: true, subPath: a.conf}, {name: cache, mountPath: /c, mountPropagation: HostToContainer}]"),
                        "/containers/0/volumeMounts", "[{\"name\":\"conf\",\"mountPath\":\"/etc/x\",\"readOnly\":true,\"subPath\":\"a.conf\"},"
                        + "{\"name\":\"cache\",\"mountPath\":\"/c\",\"readOnly\":false,\"mountPropagation\":\"HostToContainer\"}]"),
                row("init containers without probes or hooks", pod("{}", "{}", "{initContainers: [{name: migrate, image: m, command: [up], resources: {requests: {cpu: 500m}},"
                        + " tty: true}], containers: [{name: app, image: nginx}]}"), "/initContainers",
                        "[{\"name\":\"migrate\",\"image\":\"m\",\"command\":[\"up\"],\"cpu\":0.5,\"stdin\":false,\"stdinOnce\":false,\"tty\":false}]"),
                // ---- volumes ----
                row("emptyDir (Memory, sizeLimit)", pod("{}", "{}", "{containers: [{name: app, image: nginx}], volumes: [{name: m, emptyDir: {medium: Memory, sizeLimit: 256Mi}}, {name: d, emptyDir: {}}]}"),
                        "/volumes", "[{\"name\":\"m\",\"type\":\"EMPTY_DIR\",\"emptyDir\":{\"medium\":\"Memory\",\"sizeLimit\":\"256Mi\"}},"
                        + "{\"name\":\"d\",\"type\":\"EMPTY_DIR\",\"emptyDir\":{\"medium\":\"\"}}]"),
                row("configMap and secret by reference", pod("{}", "{}", "{containers: [{name: app, image: nginx}], volumes: ["
                        + "{name: c, configMap: {name: web-conf, defaultMode: 420, items: [{key: a.conf, path: a.conf}]}}, {name: s, secret: {secretName: tls, optional: true}}]}"),
                        "/volumes", "[{\"name\":\"c\",\"type\":\"CONFIG_FILE\",\"configFile\":{\"defaultMode\":420,\"objects\":[{\"source\":{\"kind\":\"CONFIG_MAP\",\"namespace\":\"shop\","
                        + "\"name\":\"web-conf\",\"optional\":false},\"items\":[{\"key\":\"a.conf\",\"path\":\"a.conf\"}]}]}},"
                        + "{\"name\":\"s\",\"type\":\"CONFIG_FILE\",\"configFile\":{\"objects\":[{\"source\":{\"kind\":\"SECRET\",\"namespace\":\"shop\",\"name\":\"tls\",\"optional\":true}}]}}]"),
                row("NFS", pod("{}", "{}", "{containers: [{name: app, image: nginx}], volumes: [{name: n, nfs: {server: nas.example.com, path: /share, readOnly: true}}]}"),
                        "/volumes/0", "{\"name\":\"n\",\"type\":\"NFS\",\"nfs\":{\"server\":\"nas.example.com\",\"path\":\"/share\",\"readOnly\":true}}"),
                row("persistentVolumeClaim: the claim by name, resolved by the executor", pod("{}", "{}", "{containers: [{name: app, image: nginx}], volumes: [{name: data, persistentVolumeClaim: {claimName: www-web-0, readOnly: true}}]}"),
                        "/volumes/0", "{\"name\":\"data\",\"type\":\"CLAIM\",\"claim\":{\"namespace\":\"shop\",\"claimName\":\"www-web-0\",\"readOnly\":true}}"),
                row("projected: refs kept, downward API literal, the pod's ServiceAccount token to be minted", pod("{}", "{}", "{containers: [{name: app, image: nginx}], volumes: [{name: kube-api-access, projected: {defaultMode: 420, sources: ["
                        + "{serviceAccountToken: {path: token, expirationSeconds: 3607}}, {configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}},"
                        + " {downwardAPI: {items: [{path: name, fieldRef: {fieldPath: metadata.name}}]}}]}}]}"),
                        "/volumes/0", "{\"name\":\"kube-api-access\",\"type\":\"CONFIG_FILE\",\"configFile\":{\"defaultMode\":420,\"objects\":[{\"source\":{\"kind\":\"CONFIG_MAP\","
                        + "\"namespace\":\"shop\",\"name\":\"kube-root-ca.crt\",\"optional\":false},\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]}],"
                        + "\"literals\":[{\"path\":\"name\",\"contentBase64\":\"" + B64_NAME + "\"}],"
                        + "\"tokens\":[{\"path\":\"token\",\"serviceAccount\":\"default\",\"expirationSeconds\":3607}]}}"),
                row("downwardAPI labels file", pod("{b: '2', a: 'x\"y'}", "{}", "{containers: [{name: app, image: nginx}], volumes: [{name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}]}"),
                        "/volumes/0/configFile/literals/0/contentBase64", "\"" + java.util.Base64.getEncoder().encodeToString("a=\"x\\\"y\"\nb=\"2\"".getBytes()) + "\""),
                // ---- pod-level ----
                row("image pull secrets as references", pod("{}", "{}", "{imagePullSecrets: [{name: acr}], containers: [{name: app, image: nginx}]}"),
                        "/imagePullSecrets", "[{\"kind\":\"SECRET\",\"namespace\":\"shop\",\"name\":\"acr\",\"optional\":false}]"),
                row("restart policy, deadlines, grace", pod("{}", "{}", "{restartPolicy: OnFailure, activeDeadlineSeconds: 600, terminationGracePeriodSeconds: 45, containers: [{name: app, image: nginx}]}"), "",
                        "{\"restartPolicy\":\"OnFailure\",\"activeDeadlineSeconds\":600,\"terminationGracePeriodSeconds\":45}"),
                row("restart policy defaults to Always", oneContainer("{}", "{}", ""), "/restartPolicy", "\"Always\""),
                row("hostAliases and hostname", pod("{}", "{}", "{hostname: api, hostAliases: [{ip: 10.0.0.1, hostnames: [db, db.local]}], containers: [{name: app, image: nginx}]}"), "",
                        "{\"hostName\":\"api\",\"hostAliases\":[{\"ip\":\"10.0.0.1\",\"hostnames\":[\"db\",\"db.local\"]}]}"),
                row("hostname defaults to the pod name", oneContainer("{}", "{}", ""), "/hostName", "\"web\""),
                row("dnsPolicy None with dnsConfig", pod("{}", "{}", "{dnsPolicy: None, dnsConfig: {nameservers: [1.1.1.1], searches: [a.local], options: [{name: ndots, value: '2'}]},"
                        + " containers: [{name: app, image: nginx}]}"), "",
                        "{\"dnsPolicy\":\"None\",\"dnsConfig\":{\"nameServers\":[\"1.1.1.1\"],\"searches\":[\"a.local\"],\"options\":[{\"name\":\"ndots\",\"value\":\"2\"}]}}"),
                row("ClusterFirst without cluster DNS -> Default", oneContainer("{}", "{}", ""), "/dnsPolicy", "\"Default\""),
                // ---- extra parameters ----
                row("annotations -> API parameters", oneContainer("{alibabacloud.com/gpu-driver-version: tesla=525.85.12}", "{"
                        + "k8s.aliyun.com/eci-spot-strategy: SpotWithPriceLimit, k8s.aliyun.com/eci-spot-price-limit: '0.25',"
                        + " k8s.aliyun.com/eci-auto-imc: 'true', k8s.aliyun.com/eci-ram-role-name: web-role,"
                        + " k8s.aliyun.com/eci-enable-ipv6: 'true', k8s.aliyun.com/eci-max-pending-minute: '30',"
                        + " k8s.aliyun.com/eci-schedule-strategy: VSwitchRandom, kubernetes.io/ingress-bandwidth: 10M,"
                        + " k8s.aliyun.com/eci-compute-category: 'economy,general', k8s.aliyun.com/eci-with-eip: 'true'}", ""),
                        "/extraParameters", "{\"ComputeCategory.1\":\"economy\",\"ComputeCategory.2\":\"general\",\"GpuDriverVersion\":\"tesla=525.85.12\","
                        + "\"SpotStrategy\":\"SpotWithPriceLimit\",\"SpotPriceLimit\":\"0.25\",\"ScheduleStrategy\":\"VSwitchRandom\",\"MaxPendingMinute\":\"30\","
                        + "\"AutoMatchImageCache\":\"true\",\"AutoCreateEip\":\"true\",\"Ipv6AddressCount\":\"1\",\"IngressBandwidth\":\"10000000\","
                        + "\"RamRoleName\":\"web-role\"}"),
                row("no extra parameters", oneContainer("{}", "{}", ""), "/extraParameters", "null"));
    }

    /** Two ACS containers whose sum (1.25 vCPU, 2.5 GiB) is not an ACS spec. */
    private static Pod acsRoundingUp() {
        return pod("{alibabacloud.com/acs: 'true'}", "{}",
                "{containers: [{name: a, image: x, resources: {requests: {cpu: 750m, memory: 1536Mi}}},"
                + " {name: b, image: y, resources: {requests: {cpu: 500m, memory: 1Gi}}}]}");
    }

    @org.junit.jupiter.api.Test
    void withTheApiServerKnownEveryContainerGetsItsAddressUnlessItSetsItItself() {
        TranslationContext ctx = Pods.CTX.withApiServer(TranslationContext.ApiServer.of("10.0.0.5", "6443"));
        Pod twoContainers = pod("{}", "{}", "{containers: [{name: a, image: x}, {name: b, image: y, env: [{name: KUBERNETES_SERVICE_HOST,"
                + " value: api.internal}]}]}");
        var request = accept(twoContainers, ctx).request();
        assertThat(request.containers().get(0).env()).extracting(e -> e.name() + "=" + e.value())
                .containsExactly("KUBERNETES_SERVICE_HOST=10.0.0.5", "KUBERNETES_SERVICE_PORT=6443");
        assertThat(request.containers().get(1).env()).extracting(e -> e.name() + "=" + e.value())
                .containsExactly("KUBERNETES_SERVICE_HOST=api.internal", "KUBERNETES_SERVICE_PORT=6443");
        assertThat(TranslationContext.ApiServer.of("10.0.0.5", "")).isEqualTo(new TranslationContext.ApiServer("10.0.0.5", "443"));
        assertThat(TranslationContext.ApiServer.of("", "6443")).isNull();
        assertThat(accept(twoContainers).request().containers().get(0).env()).isNull();
    }

    private static Arguments row(String rule, Pod pod, String pointer, String expectedJson) {
        return Arguments.of(rule, pod, pointer, expectedJson);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void translates(String rule, Pod pod, String pointer, String expectedJson) {
        JsonNode actual = Pods.parse(Pods.json(accept(pod).request()).toString()).at(pointer);
        JsonNode expected = Pods.parse(expectedJson);
        if (expected.isNull()) {
            assertThat(actual.isMissingNode() || actual.isNull()).as(rule + ": " + actual).isTrue();
        } else if (pointer.isEmpty() || pointer.equals("/containers/0") && !expected.has("image")) {
            assertContains(actual, expected, rule);
        } else {
            assertThat(actual).as(rule).isEqualTo(expected);
        }
    }

    /** Every field of expected is in actual with the same value (arrays element by element, objects recursively). */
    static void assertContains(JsonNode actual, JsonNode expected, String rule) {
        if (expected.isObject()) {
            for (var e : expected.properties()) {
                assertThat(actual.has(e.getKey())).as(rule + ": missing " + e.getKey() + " in " + actual).isTrue();
                assertContains(actual.get(e.getKey()), e.getValue(), rule + "/" + e.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(rule + ": size of " + actual).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertContains(actual.get(i), expected.get(i), rule + "/" + i);
            }
        } else {
            assertThat(actual).as(rule).isEqualTo(expected);
        }
    }
}
