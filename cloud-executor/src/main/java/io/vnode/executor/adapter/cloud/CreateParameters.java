package io.vnode.executor.adapter.cloud;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.DnsConfig;
import io.vnode.contracts.instance.DnsOption;
import io.vnode.contracts.instance.EnvFromSource;
import io.vnode.contracts.instance.EnvVar;
import io.vnode.contracts.instance.HostAlias;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.KeyToPath;
import io.vnode.contracts.instance.LifecycleHandler;
import io.vnode.contracts.instance.LiteralFile;
import io.vnode.contracts.instance.TokenFile;
import io.vnode.contracts.instance.ObjectProjection;
import io.vnode.contracts.instance.Probe;
import io.vnode.contracts.instance.SecurityContext;
import io.vnode.contracts.instance.VolumeMount;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.contracts.instance.VolumeType;
import io.vnode.executor.domain.ClaimVolumes;
import io.vnode.executor.domain.RegistryCredential;
import io.vnode.executor.domain.ResolvedReferences;
import io.vnode.executor.domain.TokenLifetimes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * InstanceRequest + chosen spec + resolved references -> the flat CreateContainerGroup query
 * parameters ({@code Container.1.EnvironmentVar.2.Key=...}), by their API names: the ECI wire
 * encoding, so it lives beside the client. A pure function: {@link EciCloudClient} puts every entry
 * on the signed request. The result holds secret values: it lives for
 * one call and is never logged (use {@link #redactedKeys(Map)} to describe it).
 */
final class CreateParameters {

    private CreateParameters() {
    }

    /**
     * @param clientToken the ClientToken of this attempt (one per spec: a token reused with other
     *     parameters would be IdempotentParameterMismatch)
     * @param clusterId the executor's cluster id: the cluster tag carries it, whatever the request's tags say
     */
    public static Map<String, String> of(InstanceRequest request, InstanceSpec spec, String clientToken,
                                         ResolvedReferences refs, String clusterId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("RegionId", request.regionId());
        p.put("ContainerGroupName", request.containerGroupName());
        p.put("ClientToken", clientToken);
        if (spec.hasInstanceType()) {
            p.put("InstanceType", spec.instanceType());
        } else {
            putIf(p, "Cpu", number(spec.cpu()));
            putIf(p, "Memory", number(spec.memoryGiB()));
        }
        if (request.vSwitchIds() != null && !request.vSwitchIds().isEmpty()) {
            p.put("VSwitchId", String.join(",", request.vSwitchIds()));
        }
        putIf(p, "SecurityGroupId", request.securityGroupId());
        putIf(p, "ResourceGroupId", request.resourceGroupId());
        putIf(p, "ZoneId", request.zoneId());
        putIf(p, "ComputeClass", request.computeClass());
        putIf(p, "ComputeQos", request.computeQos());
        putIf(p, "GpuModelSeries", request.gpuModelSeries());
        putIf(p, "EphemeralStorage", str(request.ephemeralStorageGiB()));
        putIf(p, "RestartPolicy", request.restartPolicy());
        putIf(p, "ActiveDeadlineSeconds", str(request.activeDeadlineSeconds()));
        putIf(p, "TerminationGracePeriodSeconds", str(request.terminationGracePeriodSeconds()));
        putIf(p, "DnsPolicy", request.dnsPolicy());
        dns(p, request.dnsConfig());
        int h = 0;
        for (HostAlias alias : nullSafe(request.hostAliases())) {
            h++;
            p.put("HostAliase." + h + ".Ip", alias.ip());
            list(p, "HostAliase." + h + ".Hostname", alias.hostnames());
        }
        putIf(p, "HostName", request.hostName());

        int n = 0;
        for (ContainerSpec c : nullSafe(request.containers())) {
            container(p, "Container." + (++n) + ".", c, refs, true);
        }
        n = 0;
        for (ContainerSpec c : nullSafe(request.initContainers())) {
            container(p, "InitContainer." + (++n) + ".", c, refs, false);
        }
        n = 0;
        for (VolumeSpec v : nullSafe(request.volumes())) {
            volume(p, "Volume." + (++n) + ".", v, refs, request.zoneId());
        }
        n = 0;
        for (RegistryCredential cred : refs.registryCredentials()) {
            String k = "ImageRegistryCredential." + (++n) + ".";
            p.put(k + "Server", cred.server());
            putIf(p, k + "UserName", cred.userName());
            putIf(p, k + "Password", cred.password());
        }
        n = 0;
        Map<String, String> tags = new TreeMap<>(request.tags() == null ? Map.of() : request.tags());
        tags.put(Keys.TAG_CLUSTER_ID, clusterId);
        TokenLifetimes.earliest(refs.tokens()).ifPresent(l -> tags.put(Keys.TAG_TOKEN_LIFETIME, l.tag()));
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            p.put("Tag." + (++n) + ".Key", tag.getKey());
            p.put("Tag." + n + ".Value", tag.getValue());
        }
        if (request.extraParameters() != null) {
            new TreeMap<>(request.extraParameters()).forEach(p::putIfAbsent);
        }
        return p;
    }

    /** The parameter names only, for logs and errors. */
    public static String redactedKeys(Map<String, String> parameters) {
        return parameters.keySet().toString();
    }

    private static void container(Map<String, String> p, String k, ContainerSpec c, ResolvedReferences refs, boolean main) {
        p.put(k + "Name", c.name());
        p.put(k + "Image", c.image());
        putIf(p, k + "Cpu", number(c.cpu()));
        putIf(p, k + "Memory", number(c.memoryGiB()));
        putIf(p, k + "Gpu", str(c.gpu()));
        list(p, k + "Command", c.command());
        list(p, k + "Arg", c.args());
        putIf(p, k + "WorkingDir", c.workingDir());
        putIf(p, k + "ImagePullPolicy", c.imagePullPolicy());
        env(p, k, c, refs);
        int n = 0;
        for (var port : nullSafe(c.ports())) {
            n++;
            p.put(k + "Port." + n + ".Port", Integer.toString(port.port()));
            putIf(p, k + "Port." + n + ".Protocol", port.protocol());
        }
        n = 0;
        for (VolumeMount m : nullSafe(c.volumeMounts())) {
            String mk = k + "VolumeMount." + (++n) + ".";
            p.put(mk + "Name", m.name());
            p.put(mk + "MountPath", m.mountPath());
            p.put(mk + "ReadOnly", Boolean.toString(m.readOnly()));
            putIf(p, mk + "SubPath", m.subPath());
            putIf(p, mk + "MountPropagation", m.mountPropagation());
        }
        securityContext(p, k, c.securityContext());
        putIf(p, k + "TerminationMessagePath", c.terminationMessagePath());
        putIf(p, k + "TerminationMessagePolicy", c.terminationMessagePolicy());
        if (!main) {
            return;
        }
        probe(p, k + "LivenessProbe.", c.livenessProbe());
        probe(p, k + "ReadinessProbe.", c.readinessProbe());
        hook(p, k + "LifecyclePostStartHandler", c.postStart());
        hook(p, k + "LifecyclePreStopHandler", c.preStop());
        if (c.stdin()) {
            p.put(k + "Stdin", "true");
        }
        if (c.stdinOnce()) {
            p.put(k + "StdinOnce", "true");
        }
        if (c.tty()) {
            p.put(k + "Tty", "true");
        }
    }

    /** envFrom first (keys sorted, prefixed), then env: a later definition of a name wins, as in Kubernetes. */
    private static void env(Map<String, String> p, String k, ContainerSpec c, ResolvedReferences refs) {
        Map<String, String[]> vars = new LinkedHashMap<>(); // name -> {value, fieldPath}
        for (EnvFromSource ef : nullSafe(c.envFrom())) {
            Map<String, byte[]> data = refs.object(ef.source()).orElse(Map.of());
            String prefix = ef.prefix() == null ? "" : ef.prefix();
            new TreeMap<>(data).forEach((key, bytes) ->
                    vars.put(prefix + key, new String[] {new String(bytes, StandardCharsets.UTF_8), null}));
        }
        for (EnvVar e : nullSafe(c.env())) {
            if (e.valueFrom() != null) {
                refs.value(e.valueFrom()).ifPresent(v -> vars.put(e.name(), new String[] {v, null}));
            } else if (e.fieldPath() != null) {
                vars.put(e.name(), new String[] {null, e.fieldPath()});
            } else {
                vars.put(e.name(), new String[] {e.value() == null ? "" : e.value(), null});
            }
        }
        int n = 0;
        for (Map.Entry<String, String[]> v : vars.entrySet()) {
            String ek = k + "EnvironmentVar." + (++n) + ".";
            p.put(ek + "Key", v.getKey());
            if (v.getValue()[1] != null) {
                p.put(ek + "FieldRef.FieldPath", v.getValue()[1]);
            } else {
                p.put(ek + "Value", v.getValue()[0]);
            }
        }
    }

    private static void securityContext(Map<String, String> p, String k, SecurityContext sc) {
        if (sc == null) {
            return;
        }
        list(p, k + "SecurityContext.Capability.Add", sc.capabilitiesAdd());
        putIf(p, k + "SecurityContext.ReadOnlyRootFilesystem", str(sc.readOnlyRootFilesystem()));
        putIf(p, k + "SecurityContext.RunAsUser", str(sc.runAsUser()));
        putIf(p, k + "SecurityContextRunAsGroup", str(sc.runAsGroup()));
        putIf(p, k + "SecurityContextRunAsNonRoot", str(sc.runAsNonRoot()));
    }

    private static void probe(Map<String, String> p, String k, Probe probe) {
        if (probe == null) {
            return;
        }
        list(p, k + "Exec.Command", probe.exec());
        if (probe.httpGet() != null) {
            putIf(p, k + "HttpGet.Path", probe.httpGet().path());
            p.put(k + "HttpGet.Port", Integer.toString(probe.httpGet().port()));
            putIf(p, k + "HttpGet.Scheme", probe.httpGet().scheme());
        }
        putIf(p, k + "TcpSocket.Port", str(probe.tcpSocketPort()));
        putIf(p, k + "InitialDelaySeconds", str(probe.initialDelaySeconds()));
        putIf(p, k + "PeriodSeconds", str(probe.periodSeconds()));
        putIf(p, k + "SuccessThreshold", str(probe.successThreshold()));
        putIf(p, k + "FailureThreshold", str(probe.failureThreshold()));
        putIf(p, k + "TimeoutSeconds", str(probe.timeoutSeconds()));
    }

    private static void hook(Map<String, String> p, String k, LifecycleHandler hook) {
        if (hook == null) {
            return;
        }
        list(p, k + "Exec", hook.exec());
        if (hook.httpGet() != null) {
            putIf(p, k + "HttpGetHost", hook.httpGet().host());
            putIf(p, k + "HttpGetPath", hook.httpGet().path());
            p.put(k + "HttpGetPort", Integer.toString(hook.httpGet().port()));
            putIf(p, k + "HttpGetScheme", hook.httpGet().scheme());
        }
        putIf(p, k + "TcpSocketPort", str(hook.tcpSocketPort()));
        putIf(p, k + "TcpSocketHost", hook.tcpSocketHost());
    }

    private static void volume(Map<String, String> p, String k, VolumeSpec v, ResolvedReferences refs, String zone) {
        if (v.type() == VolumeType.CLAIM) {
            // the claim's PersistentVolume as read before the call; one that is not mountable stopped the create
            ClaimVolumes.Resolution r = ClaimVolumes.resolve(v, refs.claims().getOrDefault(ClaimVolumes.key(v.claim()),
                    ClaimVolumes.ClaimState.MISSING), zone);
            if (!(r instanceof ClaimVolumes.Resolution.Mount m)) {
                throw new IllegalStateException("volume " + v.name() + " is not mountable: " + r);
            }
            volume(p, k, m.volume(), refs, zone);
            return;
        }
        p.put(k + "Name", v.name());
        p.put(k + "Type", v.type().apiName());
        switch (v.type()) {
            case EMPTY_DIR -> {
                if (v.emptyDir() != null) {
                    putIf(p, k + "EmptyDirVolume.Medium", blankToNull(v.emptyDir().medium()));
                    putIf(p, k + "EmptyDirVolume.SizeLimit", v.emptyDir().sizeLimit());
                }
            }
            case NFS -> {
                p.put(k + "NFSVolume.Server", v.nfs().server());
                p.put(k + "NFSVolume.Path", v.nfs().path());
                p.put(k + "NFSVolume.ReadOnly", Boolean.toString(v.nfs().readOnly()));
            }
            case CONFIG_FILE -> configFile(p, k + "ConfigFileVolume.", v, refs);
            case DISK -> {
                p.put(k + "DiskVolume.DiskId", v.disk().diskId());
                putIf(p, k + "DiskVolume.DiskSize", str(v.disk().sizeGiB()));
                putIf(p, k + "DiskVolume.FsType", v.disk().fsType());
            }
            case FLEX -> {
                p.put(k + "FlexVolume.Driver", v.flex().driver());
                putIf(p, k + "FlexVolume.FsType", v.flex().fsType());
                if (v.flex().options() != null && !v.flex().options().isEmpty()) {
                    p.put(k + "FlexVolume.Options", EventCodec.mapper().writeValueAsString(new TreeMap<>(v.flex().options())));
                }
            }
            case CLAIM -> throw new IllegalStateException("resolved above");
        }
    }

    private static void configFile(Map<String, String> p, String k, VolumeSpec v, ResolvedReferences refs) {
        if (v.configFile() == null) {
            return;
        }
        putIf(p, k + "DefaultMode", str(v.configFile().defaultMode()));
        List<String[]> files = new ArrayList<>(); // path, base64 content, mode
        for (ObjectProjection proj : nullSafe(v.configFile().objects())) {
            Map<String, byte[]> data = refs.object(proj.source()).orElse(null);
            if (data == null) {
                continue;
            }
            if (nullSafe(proj.items()).isEmpty()) {
                new TreeMap<>(data).forEach((key, bytes) -> files.add(new String[] {key, base64(bytes), null}));
            } else {
                for (KeyToPath item : proj.items()) {
                    byte[] bytes = data.get(item.key());
                    if (bytes != null) {
                        files.add(new String[] {item.path(), base64(bytes), str(item.mode())});
                    }
                }
            }
        }
        for (LiteralFile literal : nullSafe(v.configFile().literals())) {
            files.add(new String[] {literal.path(), literal.contentBase64(), str(literal.mode())});
        }
        for (TokenFile token : nullSafe(v.configFile().tokens())) {
            refs.token(token).ifPresent(bytes -> files.add(new String[] {token.path(), base64(bytes), str(token.mode())}));
        }
        int n = 0;
        for (String[] f : files) {
            String fk = k + "ConfigFileToPath." + (++n) + ".";
            p.put(fk + "Path", f[0]);
            p.put(fk + "Content", f[1]);
            putIf(p, fk + "Mode", f[2]);
        }
    }

    private static void dns(Map<String, String> p, DnsConfig dns) {
        if (dns == null) {
            return;
        }
        list(p, "DnsConfig.NameServer", dns.nameServers());
        list(p, "DnsConfig.Search", dns.searches());
        int n = 0;
        for (DnsOption o : nullSafe(dns.options())) {
            p.put("DnsConfig.Option." + (++n) + ".Name", o.name());
            putIf(p, "DnsConfig.Option." + n + ".Value", o.value());
        }
    }

    private static void list(Map<String, String> p, String k, List<String> values) {
        int n = 0;
        for (String v : nullSafe(values)) {
            p.put(k + "." + (++n), v);
        }
    }

    private static void putIf(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** 2.0 -> "2.0", 0.25 -> "0.25" (what the SDK's Float parameters send). */
    static String number(Double d) {
        return d == null ? null : Double.toString(d);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
