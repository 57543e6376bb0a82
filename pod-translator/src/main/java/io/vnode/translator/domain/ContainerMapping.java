package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.vnode.contracts.instance.ClaimSource;
import io.vnode.contracts.instance.ConfigFileSource;
import io.vnode.contracts.instance.ContainerPort;
import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.EmptyDirSource;
import io.vnode.contracts.instance.EnvFromSource;
import io.vnode.contracts.instance.EnvVar;
import io.vnode.contracts.instance.HttpGetAction;
import io.vnode.contracts.instance.KeyToPath;
import io.vnode.contracts.instance.LifecycleHandler;
import io.vnode.contracts.instance.LiteralFile;
import io.vnode.contracts.instance.NfsSource;
import io.vnode.contracts.instance.ObjectProjection;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.Probe;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.SecurityContext;
import io.vnode.contracts.instance.TokenFile;
import io.vnode.contracts.instance.ValueRef;
import io.vnode.contracts.instance.VolumeMount;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.contracts.instance.VolumeType;
import io.vnode.contracts.pod.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Containers and volumes of one pod, in the cloud's terms. ConfigMaps and Secrets stay references
 * (the executor reads them just before the call); downward-API values known now become literal files
 * or literal env values. One instance per translation; not thread-safe.
 */
final class ContainerMapping {

    private static final int K8S_DEFAULT_PERIOD = 10;
    private static final int K8S_DEFAULT_FAILURE_THRESHOLD = 3;

    private final Pod pod;
    private final String namespace;
    private final TranslationContext ctx;
    private final List<String> notes;

    ContainerMapping(Pod pod, String namespace, TranslationContext ctx, List<String> notes) {
        this.pod = pod;
        this.namespace = namespace;
        this.ctx = ctx;
        this.notes = notes;
    }

    ContainerSpec container(Container c, boolean init, Double cpu, Double memoryGiB, Integer gpu) {
        Probe liveness = null;
        Probe readiness = null;
        LifecycleHandler postStart = null;
        LifecycleHandler preStop = null;
        if (!init) {
            liveness = probe(c, c.getLivenessProbe(), "livenessProbe");
            readiness = probe(c, c.getReadinessProbe(), "readinessProbe");
            liveness = foldStartupProbe(c, liveness);
            if (c.getLifecycle() != null) {
                postStart = hook(c, c.getLifecycle().getPostStart(), "postStart");
                preStop = hook(c, c.getLifecycle().getPreStop(), "preStop");
            }
        }
        return new ContainerSpec(
                c.getName(),
                c.getImage().trim(),
                nullIfEmpty(c.getCommand()),
                nullIfEmpty(c.getArgs()),
                blankToNull(c.getWorkingDir()),
                env(c, cpu, memoryGiB),
                envFrom(c),
                ports(c),
                cpu,
                memoryGiB,
                gpu,
                mounts(c),
                liveness,
                readiness,
                securityContext(c),
                blankToNull(c.getImagePullPolicy()),
                postStart,
                preStop,
                !init && Boolean.TRUE.equals(c.getStdin()),
                !init && Boolean.TRUE.equals(c.getStdinOnce()),
                !init && Boolean.TRUE.equals(c.getTty()),
                blankToNull(c.getTerminationMessagePath()),
                blankToNull(c.getTerminationMessagePolicy()));
    }

    // ---- env ----

    /**
     * The container's env, then {@code KUBERNETES_SERVICE_HOST} and {@code _PORT} where the context knows the API
     * server and the container does not set them itself (a kubelet injects them the same way).
     */
    private List<EnvVar> env(Container c, Double cpu, Double memoryGiB) {
        List<EnvVar> out = declaredEnv(c, cpu, memoryGiB);
        TranslationContext.ApiServer api = ctx.apiServer();
        if (api != null) {
            java.util.Set<String> names = new java.util.HashSet<>();
            out.forEach(e -> names.add(e.name()));
            if (!names.contains("KUBERNETES_SERVICE_HOST")) {
                out.add(new EnvVar("KUBERNETES_SERVICE_HOST", api.host(), null, null));
            }
            if (!names.contains("KUBERNETES_SERVICE_PORT")) {
                out.add(new EnvVar("KUBERNETES_SERVICE_PORT", api.port(), null, null));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private List<EnvVar> declaredEnv(Container c, Double cpu, Double memoryGiB) {
        List<io.fabric8.kubernetes.api.model.EnvVar> env = c.getEnv();
        List<EnvVar> out = new ArrayList<>(env == null ? 2 : env.size() + 2);
        if (env == null) {
            return out;
        }
        for (io.fabric8.kubernetes.api.model.EnvVar e : env) {
            EnvVarSource src = e.getValueFrom();
            if (src == null) {
                out.add(new EnvVar(e.getName(), e.getValue() == null ? "" : e.getValue(), null, null));
            } else if (src.getFieldRef() != null) {
                String path = src.getFieldRef().getFieldPath();
                if (isPodIp(path)) {
                    out.add(new EnvVar(e.getName(), null, "status.podIP", null));
                } else {
                    String value = fieldValue(path);
                    if (value == null) {
                        throw new Reject(RejectionReason.INVALID_POD, "env " + e.getName() + " of container " + c.getName()
                                + " reads fieldRef " + path + ", which the cloud cannot provide: use metadata.name,"
                                + " metadata.namespace, metadata.uid, metadata.labels['..'], metadata.annotations['..'],"
                                + " spec.nodeName, spec.serviceAccountName or status.podIP");
                    }
                    out.add(new EnvVar(e.getName(), value, null, null));
                }
            } else if (src.getConfigMapKeyRef() != null) {
                var r = src.getConfigMapKeyRef();
                out.add(new EnvVar(e.getName(), null, null, new ValueRef(RefKind.CONFIG_MAP, namespace, r.getName(),
                        r.getKey(), Boolean.TRUE.equals(r.getOptional()))));
            } else if (src.getSecretKeyRef() != null) {
                var r = src.getSecretKeyRef();
                out.add(new EnvVar(e.getName(), null, null, new ValueRef(RefKind.SECRET, namespace, r.getName(),
                        r.getKey(), Boolean.TRUE.equals(r.getOptional()))));
            } else if (src.getResourceFieldRef() != null) {
                out.add(new EnvVar(e.getName(), resourceValue(c, src.getResourceFieldRef(), cpu, memoryGiB), null, null));
            } else {
                throw new Reject(RejectionReason.INVALID_POD, "env " + e.getName() + " of container " + c.getName()
                        + " uses a valueFrom source the virtual node does not support (fileKeyRef?): use a value,"
                        + " a fieldRef, a configMapKeyRef or a secretKeyRef");
            }
        }
        return out;
    }

    private static boolean isPodIp(String path) {
        return "status.podIP".equals(path) || "status.podIPs".equals(path)
                || "status.hostIP".equals(path) || "status.hostIPs".equals(path);
    }

    /** A downward-API field known at translation time; null when it is not. */
    private String fieldValue(String path) {
        var meta = pod.getMetadata();
        switch (path) {
            case "metadata.name": return meta.getName();
            case "metadata.namespace": return namespace;
            case "metadata.uid": return meta.getUid();
            case "spec.nodeName": return ctx.virtualNode() == null ? "" : ctx.virtualNode();
            case "spec.serviceAccountName":
                return pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
            default:
                if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
                    Map<String, String> l = meta.getLabels();
                    String v = l == null ? null : l.get(path.substring(17, path.length() - 2));
                    return v == null ? "" : v;
                }
                if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
                    Map<String, String> a = meta.getAnnotations();
                    String v = a == null ? null : a.get(path.substring(22, path.length() - 2));
                    return v == null ? "" : v;
                }
                return null;
        }
    }

    /** limits.cpu, requests.memory, ... as the kubelet writes them (rounded up to the divisor). */
    private String resourceValue(Container owner, ResourceFieldSelector sel, Double cpu, Double memoryGiB) {
        Container c = owner;
        if (!Strings.isBlank(sel.getContainerName()) && !sel.getContainerName().equals(owner.getName())) {
            c = find(sel.getContainerName());
            cpu = null;
            memoryGiB = null;
        }
        String res = sel.getResource();
        double divisor = sel.getDivisor() == null ? 1 : Quantities.value(sel.getDivisor());
        if (Double.isNaN(divisor) || divisor <= 0) {
            divisor = 1;
        }
        SpecRounding.Resources r = SpecRounding.resources(c);
        double v;
        if (res.endsWith(".cpu")) {
            v = !Double.isNaN(r.cpu()) ? r.cpu() : cpu != null ? cpu : ctx.defaultCpu();
        } else if (res.endsWith(".memory")) {
            v = (!Double.isNaN(r.memoryGiB()) ? r.memoryGiB() : memoryGiB != null ? memoryGiB : ctx.defaultMemoryGiB())
                    * Quantities.GIB;
        } else if (res.endsWith(".ephemeral-storage")) {
            v = (!Double.isNaN(r.ephemeralGiB()) ? r.ephemeralGiB() : SpecRounding.DEFAULT_EPHEMERAL_GIB) * Quantities.GIB;
        } else {
            throw new Reject(RejectionReason.INVALID_POD, "resourceFieldRef " + res + " is not supported: use"
                    + " limits.cpu, requests.cpu, limits.memory, requests.memory or *.ephemeral-storage");
        }
        return Long.toString((long) Math.ceil(v / divisor - 1e-9));
    }

    private Container find(String name) {
        for (Container c : pod.getSpec().getContainers()) {
            if (name.equals(c.getName())) {
                return c;
            }
        }
        throw new Reject(RejectionReason.INVALID_POD, "resourceFieldRef names container " + name
                + ", which the pod does not have");
    }

    private List<EnvFromSource> envFrom(Container c) {
        if (c.getEnvFrom() == null || c.getEnvFrom().isEmpty()) {
            return null;
        }
        List<EnvFromSource> out = new ArrayList<>(c.getEnvFrom().size());
        for (var e : c.getEnvFrom()) {
            String prefix = blankToNull(e.getPrefix());
            if (e.getConfigMapRef() != null) {
                out.add(new EnvFromSource(new ObjectRef(RefKind.CONFIG_MAP, namespace, e.getConfigMapRef().getName(),
                        Boolean.TRUE.equals(e.getConfigMapRef().getOptional())), prefix));
            } else if (e.getSecretRef() != null) {
                out.add(new EnvFromSource(new ObjectRef(RefKind.SECRET, namespace, e.getSecretRef().getName(),
                        Boolean.TRUE.equals(e.getSecretRef().getOptional())), prefix));
            }
        }
        return out.isEmpty() ? null : out;
    }

    // ---- ports, mounts, security ----

    private List<ContainerPort> ports(Container c) {
        if (c.getPorts() == null || c.getPorts().isEmpty()) {
            return null;
        }
        List<ContainerPort> out = new ArrayList<>(c.getPorts().size());
        for (var p : c.getPorts()) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!"TCP".equals(protocol) && !"UDP".equals(protocol)) {
                notes.add("port " + p.getContainerPort() + "/" + protocol + " of container " + c.getName()
                        + " is dropped: the cloud takes TCP and UDP ports only");
                continue;
            }
            if (p.getContainerPort() != null) {
                out.add(new ContainerPort(p.getContainerPort(), protocol));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static List<VolumeMount> mounts(Container c) {
        if (c.getVolumeMounts() == null || c.getVolumeMounts().isEmpty()) {
            return null;
        }
        List<VolumeMount> out = new ArrayList<>(c.getVolumeMounts().size());
        for (var m : c.getVolumeMounts()) {
            out.add(new VolumeMount(m.getName(), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly()),
                    blankToNull(m.getSubPath()), blankToNull(m.getMountPropagation())));
        }
        return out;
    }

    private SecurityContext securityContext(Container c) {
        var sc = c.getSecurityContext();
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        List<String> caps = sc != null && sc.getCapabilities() != null ? nullIfEmpty(sc.getCapabilities().getAdd()) : null;
        Long runAsUser = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
        Long runAsGroup = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup() : psc == null ? null : psc.getRunAsGroup();
        Boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc == null ? null : psc.getRunAsNonRoot();
        Boolean readOnlyRoot = sc == null ? null : sc.getReadOnlyRootFilesystem();
        if (caps == null && runAsUser == null && runAsGroup == null && nonRoot == null && readOnlyRoot == null) {
            return null;
        }
        return new SecurityContext(caps, runAsUser, runAsGroup, nonRoot, readOnlyRoot);
    }

    // ---- probes and hooks ----

    private Probe probe(Container c, io.fabric8.kubernetes.api.model.Probe p, String which) {
        if (p == null) {
            return null;
        }
        List<String> exec = null;
        HttpGetAction http = null;
        Integer tcp = null;
        if (p.getExec() != null) {
            exec = nullIfEmpty(p.getExec().getCommand());
        } else if (p.getHttpGet() != null) {
            var h = p.getHttpGet();
            if (h.getHttpHeaders() != null && !h.getHttpHeaders().isEmpty()) {
                notes.add(which + " of container " + c.getName() + ": httpHeaders are dropped (the cloud probe has none)");
            }
            http = new HttpGetAction(h.getPath() == null ? "/" : h.getPath(), port(c, h.getPort(), which),
                    h.getScheme() == null ? "HTTP" : h.getScheme(), blankToNull(h.getHost()));
        } else if (p.getTcpSocket() != null) {
            tcp = port(c, p.getTcpSocket().getPort(), which);
        } else {
            notes.add(which + " of container " + c.getName() + " is dropped: the cloud runs exec, httpGet and"
                    + " tcpSocket probes only (grpc is not supported)");
            return null;
        }
        return new Probe(exec, http, tcp, p.getInitialDelaySeconds(), p.getPeriodSeconds(), p.getSuccessThreshold(),
                p.getFailureThreshold(), p.getTimeoutSeconds());
    }

    /**
     * The cloud has no startupProbe. Its purpose is to keep the liveness probe from killing a slow
     * starter, so the liveness probe's initial delay grows to the startup budget
     * (initialDelay + period x failureThreshold of the startup probe).
     */
    private Probe foldStartupProbe(Container c, Probe liveness) {
        var s = c.getStartupProbe();
        if (s == null) {
            return liveness;
        }
        int budget = orDefault(s.getInitialDelaySeconds(), 0)
                + orDefault(s.getPeriodSeconds(), K8S_DEFAULT_PERIOD) * orDefault(s.getFailureThreshold(), K8S_DEFAULT_FAILURE_THRESHOLD);
        if (liveness == null) {
            notes.add("startupProbe of container " + c.getName() + " is dropped (no livenessProbe to delay)");
            return null;
        }
        notes.add("startupProbe of container " + c.getName() + " folded into the livenessProbe initial delay ("
                + budget + " s)");
        int delay = Math.max(orDefault(liveness.initialDelaySeconds(), 0), budget);
        return new Probe(liveness.exec(), liveness.httpGet(), liveness.tcpSocketPort(), delay, liveness.periodSeconds(),
                liveness.successThreshold(), liveness.failureThreshold(), liveness.timeoutSeconds());
    }

    private LifecycleHandler hook(Container c, io.fabric8.kubernetes.api.model.LifecycleHandler h, String which) {
        if (h == null) {
            return null;
        }
        if (h.getExec() != null) {
            return new LifecycleHandler(nullIfEmpty(h.getExec().getCommand()), null, null, null);
        }
        if (h.getHttpGet() != null) {
            var g = h.getHttpGet();
            return new LifecycleHandler(null, new HttpGetAction(g.getPath() == null ? "/" : g.getPath(),
                    port(c, g.getPort(), which), g.getScheme() == null ? "HTTP" : g.getScheme(), blankToNull(g.getHost())),
                    null, null);
        }
        if (h.getTcpSocket() != null) {
            return new LifecycleHandler(null, null, port(c, h.getTcpSocket().getPort(), which),
                    blankToNull(h.getTcpSocket().getHost()));
        }
        if (h.getSleep() != null && h.getSleep().getSeconds() != null) {
            return new LifecycleHandler(List.of("sleep", Long.toString(h.getSleep().getSeconds())), null, null, null);
        }
        notes.add(which + " hook of container " + c.getName() + " is dropped: unsupported handler");
        return null;
    }

    private static int port(Container c, IntOrString port, String which) {
        if (port != null) {
            if (port.getIntVal() != null) {
                return port.getIntVal();
            }
            String name = port.getStrVal();
            if (name != null) {
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    return Integer.parseInt(name);
                }
                if (c.getPorts() != null) {
                    for (var p : c.getPorts()) {
                        if (name.equals(p.getName()) && p.getContainerPort() != null) {
                            return p.getContainerPort();
                        }
                    }
                }
            }
        }
        throw new Reject(RejectionReason.INVALID_POD, which + " of container " + c.getName() + " names port '"
                + (port == null ? null : port.getStrVal()) + "', which the container does not declare: add it to"
                + " ports[] with that name, or use the number");
    }

    // ---- volumes ----

    VolumeSpec volume(Volume v) {
        String name = v.getName();
        if (v.getEmptyDir() != null) {
            var e = v.getEmptyDir();
            String medium = e.getMedium() == null ? "" : e.getMedium();
            String size = e.getSizeLimit() == null ? null : e.getSizeLimit().getAmount() + emptyIfNull(e.getSizeLimit().getFormat());
            return new VolumeSpec(name, VolumeType.EMPTY_DIR, new EmptyDirSource(medium, size), null, null);
        }
        if (v.getConfigMap() != null) {
            var cm = v.getConfigMap();
            return configFile(name, cm.getDefaultMode(), List.of(new ObjectProjection(new ObjectRef(RefKind.CONFIG_MAP,
                    namespace, cm.getName(), Boolean.TRUE.equals(cm.getOptional())), items(cm.getItems()))), null);
        }
        if (v.getSecret() != null) {
            var s = v.getSecret();
            return configFile(name, s.getDefaultMode(), List.of(new ObjectProjection(new ObjectRef(RefKind.SECRET,
                    namespace, s.getSecretName(), Boolean.TRUE.equals(s.getOptional())), items(s.getItems()))), null);
        }
        if (v.getNfs() != null) {
            var n = v.getNfs();
            return new VolumeSpec(name, VolumeType.NFS, null,
                    new NfsSource(n.getServer(), n.getPath(), Boolean.TRUE.equals(n.getReadOnly())), null);
        }
        if (v.getDownwardAPI() != null) {
            List<LiteralFile> literals = new ArrayList<>();
            for (DownwardAPIVolumeFile f : v.getDownwardAPI().getItems()) {
                literals.add(literal(name, f));
            }
            return configFile(name, v.getDownwardAPI().getDefaultMode(), null, literals);
        }
        if (v.getProjected() != null) {
            List<ObjectProjection> objects = new ArrayList<>();
            List<LiteralFile> literals = new ArrayList<>();
            List<TokenFile> tokens = new ArrayList<>();
            for (VolumeProjection p : v.getProjected().getSources()) {
                if (p.getConfigMap() != null) {
                    var cm = p.getConfigMap();
                    objects.add(new ObjectProjection(new ObjectRef(RefKind.CONFIG_MAP, namespace, cm.getName(),
                            Boolean.TRUE.equals(cm.getOptional())), items(cm.getItems())));
                } else if (p.getSecret() != null) {
                    var s = p.getSecret();
                    objects.add(new ObjectProjection(new ObjectRef(RefKind.SECRET, namespace, s.getName(),
                            Boolean.TRUE.equals(s.getOptional())), items(s.getItems())));
                } else if (p.getDownwardAPI() != null) {
                    for (DownwardAPIVolumeFile f : p.getDownwardAPI().getItems()) {
                        literals.add(literal(name, f));
                    }
                } else if (p.getServiceAccountToken() != null) {
                    var t = p.getServiceAccountToken();
                    String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
                    tokens.add(new TokenFile(t.getPath(), account, t.getAudience(), t.getExpirationSeconds(), null));
                } else {
                    notes.add("volume " + name + ": a projection other than configMap, secret, downwardAPI and"
                            + " serviceAccountToken is dropped");
                }
            }
            return new VolumeSpec(name, VolumeType.CONFIG_FILE, null, null, new ConfigFileSource(v.getProjected().getDefaultMode(),
                    nullIfEmpty(objects), nullIfEmpty(literals), nullIfEmpty(tokens)));
        }
        if (v.getPersistentVolumeClaim() != null) {
            var c = v.getPersistentVolumeClaim();
            return VolumeSpec.claim(name, new ClaimSource(namespace, c.getClaimName(), Boolean.TRUE.equals(c.getReadOnly())));
        }
        throw new Reject(RejectionReason.UNSUPPORTED_VOLUME, "volume " + name + " is " + unsupported(v)
                + ": the virtual node mounts emptyDir, configMap, secret, projected, downwardAPI, nfs and"
                + " persistentVolumeClaim (of NFS, NAS, disk or OSS PersistentVolumes)");
    }

    /** What an unsupported volume is, and why the instance cannot have it. */
    private static String unsupported(Volume v) {
        if (v.getCsi() != null) {
            return "an inline csi volume of driver " + v.getCsi().getDriver() + " (use a PersistentVolume of the NAS, disk or"
                    + " OSS driver through a persistentVolumeClaim)";
        }
        if (v.getEphemeral() != null) {
            return "a generic ephemeral volume (its claim is provisioned for a node the cloud does not have: use emptyDir)";
        }
        if (v.getFlexVolume() != null) {
            return "an inline flexVolume of driver " + v.getFlexVolume().getDriver();
        }
        return "of a type the cloud cannot mount";
    }

    private static VolumeSpec configFile(String name, Integer mode, List<ObjectProjection> objects, List<LiteralFile> literals) {
        return new VolumeSpec(name, VolumeType.CONFIG_FILE, null, null,
                new ConfigFileSource(mode, nullIfEmpty(objects), nullIfEmpty(literals)));
    }

    private static List<KeyToPath> items(List<io.fabric8.kubernetes.api.model.KeyToPath> items) {
        if (items == null || items.isEmpty()) {
            return null;
        }
        List<KeyToPath> out = new ArrayList<>(items.size());
        for (var k : items) {
            out.add(new KeyToPath(k.getKey(), k.getPath(), k.getMode()));
        }
        return out;
    }

    private LiteralFile literal(String volume, DownwardAPIVolumeFile f) {
        String content;
        if (f.getFieldRef() != null) {
            String path = f.getFieldRef().getFieldPath();
            if ("metadata.labels".equals(path)) {
                content = keyValues(pod.getMetadata().getLabels());
            } else if ("metadata.annotations".equals(path)) {
                content = keyValues(pod.getMetadata().getAnnotations());
            } else {
                content = fieldValue(path);
            }
            if (content == null) {
                throw new Reject(RejectionReason.UNSUPPORTED_VOLUME, "volume " + volume + ": downward API field "
                        + path + " is not known before the instance runs: use metadata.* fields");
            }
        } else if (f.getResourceFieldRef() != null) {
            content = resourceValue(pod.getSpec().getContainers().get(0), f.getResourceFieldRef(), null, null);
        } else {
            content = "";
        }
        return new LiteralFile(f.getPath(),
                Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)), f.getMode());
    }

    /** The kubelet's format: sorted {@code key="value"} lines, the value quoted. */
    private static String keyValues(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(e.getKey()).append("=\"");
            String v = e.getValue();
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(ch);
                }
            }
            sb.append('"');
        }
        return sb.toString();
    }

    // ---- helpers ----

    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }

    private static int orDefault(Integer value, int defaultValue) {
        return value == null ? defaultValue : value;
    }
}
