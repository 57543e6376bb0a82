package io.vnode.executor.adapter.cloud;

import static io.vnode.executor.domain.GoldenRequest.REFS;
import static io.vnode.executor.domain.GoldenRequest.REQUEST;
import static io.vnode.executor.domain.GoldenRequest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ClaimSource;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.executor.domain.ClaimVolumes;
import io.vnode.executor.domain.ResolvedReferences;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The golden create command, resolved against in-memory ConfigMaps/Secrets, mapped to API parameters. */
class CreateParametersTest {

    static final Map<String, String> PARAMS = CreateParameters.of(REQUEST, REQUEST.specs().get(0), "tok-0", REFS, "c0ffee");

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "RegionId | cn-hangzhou",
        "ContainerGroupName | default-nginx-9cdf7bbf9-s7x2k",
        "ClientToken | tok-0",
        "Cpu | 2.0",
        "Memory | 4.0",
        "VSwitchId | vsw-bp1a,vsw-bp1b",
        "SecurityGroupId | sg-bp1x",
        "ComputeClass | general-purpose",
        "ComputeQos | default",
        "RestartPolicy | Always",
        "TerminationGracePeriodSeconds | 30",
        "DnsPolicy | Default",
        "AutoMatchImageCache | true",
        "Container.1.Name | nginx",
        "Container.1.Image | registry.openanolis.cn/openanolis/nginx:1.14.1-8.6",
        "Container.1.Command.1 | nginx",
        "Container.1.Arg.1 | -g",
        "Container.1.Arg.2 | daemon off;",
        "Container.1.Cpu | 2.0",
        "Container.1.EnvironmentVar.1.Key | CFG_A",
        "Container.1.EnvironmentVar.1.Value | 1",
        "Container.1.EnvironmentVar.2.Key | CFG_B",
        "Container.1.EnvironmentVar.3.Key | MODE",
        "Container.1.EnvironmentVar.3.Value | prod",
        "Container.1.EnvironmentVar.4.Key | POD_IP",
        "Container.1.EnvironmentVar.4.FieldRef.FieldPath | status.podIP",
        "Container.1.EnvironmentVar.5.Key | DB_PASSWORD",
        "Container.1.EnvironmentVar.5.Value | s3cret-pw",
        "Container.1.Port.1.Port | 80",
        "Container.1.Port.1.Protocol | TCP",
        "Container.1.VolumeMount.1.Name | conf",
        "Container.1.VolumeMount.1.MountPath | /etc/nginx/conf.d",
        "Container.1.VolumeMount.1.ReadOnly | true",
        "Container.1.ReadinessProbe.HttpGet.Path | /",
        "Container.1.ReadinessProbe.HttpGet.Port | 80",
        "Container.1.ReadinessProbe.PeriodSeconds | 5",
        "Container.1.LivenessProbe.TcpSocket.Port | 80",
        "Container.1.LivenessProbe.InitialDelaySeconds | 10",
        "Container.1.SecurityContext.Capability.Add.1 | NET_BIND_SERVICE",
        "Container.1.SecurityContext.RunAsUser | 101",
        "Container.1.ImagePullPolicy | IfNotPresent",
        "Container.1.LifecyclePreStopHandlerExec.1 | nginx",
        "Container.1.LifecyclePreStopHandlerExec.3 | quit",
        "Volume.1.Name | conf",
        "Volume.1.Type | ConfigFileVolume",
        "Volume.1.ConfigFileVolume.DefaultMode | 420",
        "Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path | default.conf",
        "Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content | c2VydmVyIHt9",
        "Volume.2.Name | cache",
        "Volume.2.Type | EmptyDirVolume",
        "Volume.2.EmptyDirVolume.Medium | Memory",
        "Volume.2.EmptyDirVolume.SizeLimit | 256Mi",
        "ImageRegistryCredential.1.Server | registry.example.com",
        "ImageRegistryCredential.1.UserName | robot",
        "ImageRegistryCredential.1.Password | pull-pw",
        "Tag.1.Key | vnode.cluster-id",
        "Tag.1.Value | c0ffee",
        "Tag.3.Key | vnode.pod-namespace",
        "Tag.4.Key | vnode.pod-uid",
        "Tag.4.Value | 6f1c2a9e-3b7d-4c21-9a55-0d2e8f4b1c77"
    })
    void mapsTheRequestToFlatApiParameters(String key, String value) {
        assertThat(PARAMS).containsEntry(key, value);
    }

    @ParameterizedTest
    @CsvSource({
        "Container.1.Stdin", "Container.1.EnvironmentVar.6.Key", "Volume.1.ConfigFileVolume.ConfigFileToPath.2.Path",
        "InstanceType", "Container.1.LivenessProbe.HttpGet.Port", "Container.1.Tty", "ImageRegistryCredential.2.Server",
        "Tag.6.Key"
    })
    void setsNothingTheRequestDoesNotAskFor(String key) {
        assertThat(PARAMS).doesNotContainKey(key);
    }

    @Test
    void anInstanceTypeSpecSendsInstanceTypeNotCpuAndMemory() {
        Map<String, String> p = CreateParameters.of(REQUEST, InstanceSpec.ofInstanceType("ecs.gn6i-c4g1.xlarge"), "t", REFS, "c0ffee");
        assertThat(p).containsEntry("InstanceType", "ecs.gn6i-c4g1.xlarge").doesNotContainKeys("Cpu", "Memory");
    }

    @Test
    void extraParametersNeverOverrideMappedOnes() {
        InstanceRequest r = new InstanceRequest(REQUEST.computeType(), REQUEST.regionId(), REQUEST.containerGroupName(),
                REQUEST.clientToken(), REQUEST.specs(), null, null, null, null, null, null, null, 20, null, null, null,
                null, null, null, null, REQUEST.containers(), null, null, null, Map.of(),
                Map.of("ClientToken", "evil", "SpotStrategy", "SpotAsPriceGo"));
        Map<String, String> p = CreateParameters.of(r, REQUEST.specs().get(0), "tok", ResolvedReferences.NONE, "c0ffee");
        assertThat(p).containsEntry("ClientToken", "tok").containsEntry("SpotStrategy", "SpotAsPriceGo")
                .containsEntry("EphemeralStorage", "20")
                // an unresolved optional reference is left out, not sent empty
                .doesNotContainValue("s3cret-pw");
    }

    @ParameterizedTest(name = "request tags {0}")
    @CsvSource(delimiter = '|', value = {"another-cluster", "''"})
    void theClusterTagIsTheExecutorsWhateverTheRequestCarries(String requested) {
        Map<String, String> tags = requested.isEmpty() ? Map.of("app", "web") : Map.of(Keys.TAG_CLUSTER_ID, requested);
        InstanceRequest r = new InstanceRequest(REQUEST.computeType(), REQUEST.regionId(), REQUEST.containerGroupName(),
                REQUEST.clientToken(), REQUEST.specs(), null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, REQUEST.containers(), null, null, null, tags, Map.of());
        Map<String, String> p = CreateParameters.of(r, REQUEST.specs().get(0), "tok", ResolvedReferences.NONE, "uid-of-kube-system");
        Map<String, String> sent = new java.util.HashMap<>();
        for (int n = 1; p.containsKey("Tag." + n + ".Key"); n++) {
            sent.put(p.get("Tag." + n + ".Key"), p.get("Tag." + n + ".Value"));
        }
        assertThat(sent).containsEntry(Keys.TAG_CLUSTER_ID, "uid-of-kube-system").doesNotContainValue("another-cluster");
    }

    @Test
    void aProjectedTokenIsAFileOfItsVolumeAndAnUnmintedOneIsLeftOut() {
        var token = new io.vnode.contracts.instance.TokenFile("token", "robot", null, 3607L, null);
        var volume = new io.vnode.contracts.instance.VolumeSpec("kube-api-access-x", io.vnode.contracts.instance.VolumeType.CONFIG_FILE,
                null, null, new io.vnode.contracts.instance.ConfigFileSource(420, null, null, java.util.List.of(token)));
        InstanceRequest r = new InstanceRequest(REQUEST.computeType(), REQUEST.regionId(), REQUEST.containerGroupName(),
                REQUEST.clientToken(), REQUEST.specs(), null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, REQUEST.containers(), null, java.util.List.of(volume), null, Map.of(), Map.of());
        ResolvedReferences minted = new ResolvedReferences(Map.of(ResolvedReferences.tokenKey(token), Map.of("token", bytes("eyJ.t.s"))),
                java.util.List.of());

        Map<String, String> p = CreateParameters.of(r, REQUEST.specs().get(0), "tok", minted, "c0ffee");

        assertThat(p).containsEntry("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path", "token")
                .containsEntry("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content", Base64.getEncoder().encodeToString(bytes("eyJ.t.s")));
        assertThat(CreateParameters.of(r, REQUEST.specs().get(0), "tok", ResolvedReferences.NONE, "c0ffee"))
                .doesNotContainKey("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path");
        assertThat(minted.toString()).doesNotContain("eyJ");
    }

    @Test
    void anInstanceWithTokensIsTaggedWithTheirEarliestLifetime() {
        var token = new io.vnode.contracts.instance.TokenFile("token", "robot", null, 3607L, null);
        var vault = new io.vnode.contracts.instance.TokenFile("vault", "robot", "vault", 600L, null);
        var volume = new io.vnode.contracts.instance.VolumeSpec("kube-api-access-x", io.vnode.contracts.instance.VolumeType.CONFIG_FILE,
                null, null, new io.vnode.contracts.instance.ConfigFileSource(420, null, null, java.util.List.of(token, vault)));
        InstanceRequest r = new InstanceRequest(REQUEST.computeType(), REQUEST.regionId(), REQUEST.containerGroupName(),
                REQUEST.clientToken(), REQUEST.specs(), null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, REQUEST.containers(), null, java.util.List.of(volume), null, Map.of(), Map.of());
        ResolvedReferences minted = new ResolvedReferences(Map.of(
                ResolvedReferences.tokenKey(token), Map.of("token", io.vnode.executor.domain.TokenLifetimesTest.jwt("{\"iat\":1000,\"exp\":31537000}")),
                ResolvedReferences.tokenKey(vault), Map.of("token", io.vnode.executor.domain.TokenLifetimesTest.jwt("{\"iat\":1001,\"exp\":1601}"))),
                java.util.List.of());

        Map<String, String> p = CreateParameters.of(r, REQUEST.specs().get(0), "tok", minted, "c0ffee");

        Map<String, String> tags = new java.util.HashMap<>();
        for (int n = 1; p.containsKey("Tag." + n + ".Key"); n++) {
            tags.put(p.get("Tag." + n + ".Key"), p.get("Tag." + n + ".Value"));
        }
        assertThat(tags).containsEntry(io.vnode.contracts.Keys.TAG_TOKEN_LIFETIME, "1000-1601");
        assertThat(CreateParameters.of(r, REQUEST.specs().get(0), "tok", ResolvedReferences.NONE, "c0ffee"))
                .doesNotContainValue(io.vnode.contracts.Keys.TAG_TOKEN_LIFETIME);
    }

    @Test
    void claimsAreSentAsTheirPersistentVolumesAre() {
        var nas = VolumeSpec.claim("shared", new ClaimSource("default", "nas", true));
        var disk = VolumeSpec.claim("data", new ClaimSource("default", "disk", false));
        var oss = VolumeSpec.claim("logs", new ClaimSource("default", "oss", false));
        InstanceRequest r = new InstanceRequest(REQUEST.computeType(), REQUEST.regionId(), REQUEST.containerGroupName(),
                REQUEST.clientToken(), REQUEST.specs(), null, null, null, "cn-hangzhou-k", null, null, null, null, null, null,
                null, null, null, null, null, REQUEST.containers(), null, List.of(nas, disk, oss), null, Map.of(), Map.of());
        PersistentVolume nasPv = new PersistentVolumeBuilder().withNewMetadata().withName("pv-nas").endMetadata().withNewSpec()
                .withNewCsi().withDriver(ClaimVolumes.NAS_DRIVER).withVolumeHandle("pv-nas")
                .withVolumeAttributes(Map.of("server", "x.nas.aliyuncs.com", "path", "/k8s")).endCsi().endSpec().build();
        PersistentVolume diskPv = new PersistentVolumeBuilder().withNewMetadata().withName("pv-disk").endMetadata().withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("25Gi"))).withNewCsi().withDriver(ClaimVolumes.DISK_DRIVER)
                .withVolumeHandle("d-bp1").withFsType("xfs").endCsi().endSpec().build();
        PersistentVolume ossPv = new PersistentVolumeBuilder().withNewMetadata().withName("pv-oss").endMetadata().withNewSpec()
                .withNewCsi().withDriver(ClaimVolumes.OSS_DRIVER).withVolumeHandle("pv-oss")
                .withVolumeAttributes(Map.of("bucket", "logs", "url", "oss-cn-hangzhou.aliyuncs.com")).endCsi().endSpec().build();
        ResolvedReferences refs = new ResolvedReferences(Map.of(), List.of(), List.of(), Map.of(
                "default/nas", new ClaimVolumes.ClaimState(true, "Bound", "pv-nas", nasPv),
                "default/disk", new ClaimVolumes.ClaimState(true, "Bound", "pv-disk", diskPv),
                "default/oss", new ClaimVolumes.ClaimState(true, "Bound", "pv-oss", ossPv)));

        Map<String, String> p = CreateParameters.of(r, REQUEST.specs().get(0), "tok", refs, "c0ffee");

        assertThat(p).containsEntry("Volume.1.Name", "shared").containsEntry("Volume.1.Type", "NFSVolume")
                .containsEntry("Volume.1.NFSVolume.Server", "x.nas.aliyuncs.com").containsEntry("Volume.1.NFSVolume.Path", "/k8s")
                .containsEntry("Volume.1.NFSVolume.ReadOnly", "true")
                .containsEntry("Volume.2.Name", "data").containsEntry("Volume.2.Type", "DiskVolume")
                .containsEntry("Volume.2.DiskVolume.DiskId", "d-bp1").containsEntry("Volume.2.DiskVolume.DiskSize", "25")
                .containsEntry("Volume.2.DiskVolume.FsType", "xfs")
                .containsEntry("Volume.3.Name", "logs").containsEntry("Volume.3.Type", "FlexVolume")
                .containsEntry("Volume.3.FlexVolume.Driver", "alicloud/oss")
                .containsEntry("Volume.3.FlexVolume.Options", "{\"bucket\":\"logs\",\"url\":\"oss-cn-hangzhou.aliyuncs.com\"}");
    }

    @Test
    void describingTheParametersNeverShowsAValue() {
        assertThat(CreateParameters.redactedKeys(PARAMS)).doesNotContain("s3cret-pw", "pull-pw");
        assertThat(REFS.toString()).doesNotContain("s3cret-pw", "pull-pw", "robot");
        assertThat(REFS.registryCredentials().get(0).toString()).doesNotContain("pull-pw");
        assertThat(Base64.getDecoder().decode(PARAMS.get("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content")))
                .isEqualTo(bytes("server {}"));
    }
}
