package io.vnode.emulator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateRequestParserTest {

    final CreateRequestParser parser = new CreateRequestParser(SpecTable.eciDefault(), SpecTable.acsDefault(),
            List.of("cn-hangzhou-j", "cn-hangzhou-k"), Map.of("vsw-j", "cn-hangzhou-j", "vsw-k", "cn-hangzhou-k"));

    static Map<String, String> valid() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("RegionId", "cn-hangzhou");
        m.put("ContainerGroupName", "pod-a");
        m.put("Container.1.Name", "main");
        m.put("Container.1.Image", "nginx");
        return m;
    }

    /** key=value pairs separated by ';' applied to a valid request ("-" removes the key). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "RegionId=-|MissingParameter.RegionId",
            "ContainerGroupName=-|MissingParameter.ContainerGroupName",
            "ContainerGroupName=a|InvalidParameter.ContainerGroupName",
            "ContainerGroupName=-pod|InvalidParameter.ContainerGroupName",
            "ContainerGroupName=pod-|InvalidParameter.ContainerGroupName",
            "ContainerGroupName=Pod|InvalidParameter.ContainerGroupName",
            "ContainerGroupName=pod_a|InvalidParameter.ContainerGroupName",
            "Container.1.Name=-;Container.1.Image=-|MissingParameter.Container",
            "Container.1.Image=-|MissingParameter.Container.1.Image",
            "Container.1.Name=-|MissingParameter.Container.1.Name",
            "InitContainer.1.Name=init|MissingParameter.InitContainer.1.Image",
            "Cpu=3;Memory=3|InvalidParameter.Spec",
            "Cpu=2|InvalidParameter.Spec",
            "Cpu=1.5;Memory=3|InvalidParameter.Spec",
            "Container.1.Cpu=100|InvalidParameter.Spec",
            "InstanceType=ecs.c6.large,ecs.c6.xlarge,ecs.g6.large,ecs.g6.xlarge,ecs.r6.large,ecs.r6.xlarge|InvalidParameter.InstanceType",
            "InstanceType=c6.large|InvalidParameter.InstanceType",
            "Tag.1.Key=acs:x;Tag.1.Value=v|InvalidParameter.Tag.Key",
            "Tag.1.Key=aliyun-x|InvalidParameter.Tag.Key",
            "Tag.1.Key=k;Tag.1.Value=aliyunv|InvalidParameter.Tag.Value",
            "ClientToken=é|InvalidParameter.ClientToken",
            "RestartPolicy=Sometimes|InvalidParameter.RestartPolicy",
            "SpotStrategy=Cheap|InvalidParameter.SpotStrategy",
            "SpotStrategy=SpotWithPriceLimit|MissingParameter.SpotPriceLimit",
            "ComputeClass=tiny|InvalidParameter.ComputeClass",
            "ComputeClass=gpu-hpn;ComputeQos=best-effort;GpuModelSeries=T4|InvalidParameter.ComputeQos",
            "ComputeClass=gpu|MissingParameter.GpuModelSeries",
            "ComputeQos=default|MissingParameter.ComputeClass",
            "ZoneId=cn-beijing-a|InvalidParameter.ZoneId",
            "VSwitchId=vsw-j;ZoneId=cn-hangzhou-k|InvalidParameter.VSwitchId",
            "VSwitchId=a,b,c,d,e,f,g,h,i,j,k|InvalidParameter.VSwitchId",
            "Volume.1.Type=EmptyDirVolume|MissingParameter.Volume.1.Name",
            "Volume.1.Name=v|MissingParameter.Volume.1.Type",
            "Volume.1.Name=v;Volume.1.Type=CephVolume|InvalidParameter.Volume.1.Type",
            "Volume.1.Name=v;Volume.1.Type=nfsvolume|InvalidParameter.Volume.1.Type",
            "Volume.1.Name=v;Volume.1.Type=EmptyDirVolume;Volume.2.Name=v;Volume.2.Type=EmptyDirVolume|InvalidParameter.Volume.2.Name",
            "Volume.1.Name=v;Volume.1.Type=NFSVolume;Volume.1.NFSVolume.Path=/share|MissingParameter.Volume.1.NFSVolume.Server",
            "Volume.1.Name=v;Volume.1.Type=NFSVolume;Volume.1.NFSVolume.Server=nas|MissingParameter.Volume.1.NFSVolume.Path",
            "Volume.1.Name=v;Volume.1.Type=DiskVolume;Volume.1.DiskVolume.DiskSize=20|MissingParameter.Volume.1.DiskVolume.DiskId",
            "Volume.1.Name=v;Volume.1.Type=DiskVolume;Volume.1.DiskVolume.DiskId=d-1;Volume.1.DiskVolume.DiskSize=0|InvalidParameter.Volume.1.DiskVolume.DiskSize",
            "Volume.1.Name=v;Volume.1.Type=DiskVolume;Volume.1.DiskVolume.DiskId=d-1;Volume.1.DiskVolume.DiskSize=-20|InvalidParameter.Volume.1.DiskVolume.DiskSize",
            "Volume.1.Name=v;Volume.1.Type=DiskVolume;Volume.1.DiskVolume.DiskId=d-1;Volume.1.DiskVolume.DiskSize=1.5|InvalidParameter.Volume.1.DiskVolume.DiskSize",
            "Volume.1.Name=v;Volume.1.Type=DiskVolume;Volume.1.DiskVolume.DiskId=d-1;Volume.1.DiskVolume.DiskSize=20Gi|InvalidParameter.Volume.1.DiskVolume.DiskSize",
            "Volume.1.Name=v;Volume.1.Type=FlexVolume;Volume.1.FlexVolume.FsType=ext4|MissingParameter.Volume.1.FlexVolume.Driver",
            "Volume.1.Name=v;Volume.1.Type=FlexVolume;Volume.1.FlexVolume.Driver=alicloud/oss;Volume.1.FlexVolume.Options=bucket=b|InvalidParameter.Volume.1.FlexVolume.Options",
            "Volume.1.Name=v;Volume.1.Type=FlexVolume;Volume.1.FlexVolume.Driver=alicloud/oss;Volume.1.FlexVolume.Options=[{\"bucket\":\"b\"}]|InvalidParameter.Volume.1.FlexVolume.Options",
            "Volume.1.Name=v;Volume.1.Type=FlexVolume;Volume.1.FlexVolume.Driver=alicloud/oss;Volume.1.FlexVolume.Options={\"bucket\":}|InvalidParameter.Volume.1.FlexVolume.Options",
            "Container.1.VolumeMount.1.Name=data;Container.1.VolumeMount.1.MountPath=/data|InvalidParameter.Container.1.VolumeMount.1.Name",
            "Volume.1.Name=v;Volume.1.Type=EmptyDirVolume;Container.1.VolumeMount.1.Name=v;Container.1.VolumeMount.2.Name=w|InvalidParameter.Container.1.VolumeMount.2.Name",
            "InitContainer.1.Name=init;InitContainer.1.Image=busybox;InitContainer.1.VolumeMount.1.Name=data|InvalidParameter.InitContainer.1.VolumeMount.1.Name",
    })
    void refusesWithTheCloudsCode(String changes, String code) {
        Map<String, String> m = valid();
        for (String kv : changes.split(";")) {
            int eq = kv.indexOf('=');
            String v = kv.substring(eq + 1);
            if (v.equals("-")) {
                m.remove(kv.substring(0, eq));
            } else {
                m.put(kv.substring(0, eq), v);
            }
        }
        assertThatThrownBy(() -> parser.parse(Params.of(m)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Requests of today's shape stay accepted: every volume type with what it needs, mounted by its name. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Volume.1.Name=v;Volume.1.Type=EmptyDirVolume",
            "Volume.1.Name=v;Volume.1.Type=EmptyDirVolume;Volume.1.EmptyDirVolume.Medium=Memory;Container.1.VolumeMount.1.Name=v;Container.1.VolumeMount.1.MountPath=/cache",
            "Volume.1.Name=v;Volume.1.Type=NFSVolume;Volume.1.NFSVolume.Server=nas;Volume.1.NFSVolume.Path=/share;Volume.1.NFSVolume.ReadOnly=true",
            "Volume.1.Name=v;Volume.1.Type=ConfigFileVolume;Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path=a;Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content=YQ==",
            "Volume.1.Name=v;Volume.1.Type=DiskVolume;Volume.1.DiskVolume.DiskId=d-1",
            "Volume.1.Name=v;Volume.1.Type=DiskVolume;Volume.1.DiskVolume.DiskId=d-1;Volume.1.DiskVolume.DiskSize=20;Volume.1.DiskVolume.FsType=xfs",
            "Volume.1.Name=v;Volume.1.Type=FlexVolume;Volume.1.FlexVolume.Driver=alicloud/oss",
            "Volume.1.Name=v;Volume.1.Type=FlexVolume;Volume.1.FlexVolume.Driver=alicloud/oss;Volume.1.FlexVolume.Options={\"bucket\":\"b\"}",
            "Volume.1.Name=v;Volume.1.Type=FlexVolume;Volume.1.FlexVolume.Driver=alicloud/disk;Volume.1.FlexVolume.Options= { }",
            "Volume.1.Name=v;Volume.1.Type=HostPathVolume;Volume.1.HostPathVolume.Path=/var/log",
            "Volume.1.Name=v;Volume.1.Type=EmptyDirVolume;InitContainer.1.Name=init;InitContainer.1.Image=busybox;InitContainer.1.VolumeMount.1.Name=v",
    })
    void acceptsVolumes(String changes) {
        Map<String, String> m = valid();
        for (String kv : changes.split(";")) {
            m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertThat(parser.parse(Params.of(m)).volumes()).hasSize(1);
    }

    @Test
    void keepsEachVolumeWithItsTypesFieldsInTheReferencesOrder() {
        Map<String, String> m = valid();
        m.put("Volume.3.FlexVolume.Options", "{\"bucket\":\"b\"}");
        m.put("Volume.3.Type", "FlexVolume");
        m.put("Volume.3.FlexVolume.Driver", "alicloud/oss");
        m.put("Volume.3.Name", "oss");
        m.put("Volume.1.NFSVolume.ReadOnly", "true");
        m.put("Volume.1.NFSVolume.Path", "/share");
        m.put("Volume.1.NFSVolume.Server", "nas.example.com");
        m.put("Volume.1.DiskVolume.DiskId", "d-ignored"); // another type's field
        m.put("Volume.1.Type", "NFSVolume");
        m.put("Volume.1.Name", "nfs");
        m.put("Volume.2.DiskVolume.FsType", "ext4");
        m.put("Volume.2.DiskVolume.DiskId", "d-123");
        m.put("Volume.2.Type", "DiskVolume");
        m.put("Volume.2.Name", "disk");
        m.put("Volume.10.ConfigFileVolume.ConfigFileToPath.2.Path", "b");
        m.put("Volume.10.ConfigFileVolume.ConfigFileToPath.2.Content", "Yg==");
        m.put("Volume.10.ConfigFileVolume.ConfigFileToPath.1.Mode", "420");
        m.put("Volume.10.ConfigFileVolume.ConfigFileToPath.1.Content", "YQ==");
        m.put("Volume.10.ConfigFileVolume.ConfigFileToPath.1.Path", "a");
        m.put("Volume.10.Type", "ConfigFileVolume");
        m.put("Volume.10.Name", "config");

        CreateRequest r = parser.parse(Params.of(m));

        assertThat(r.volumes()).extracting(Instance.Volume::name).containsExactly("nfs", "disk", "oss", "config");
        assertThat(r.volumes().get(0).fields()).containsExactly(Map.entry("NFSVolume.Server", "nas.example.com"),
                Map.entry("NFSVolume.Path", "/share"), Map.entry("NFSVolume.ReadOnly", "true"));
        assertThat(r.volumes().get(1).fields()).containsExactly(Map.entry("DiskVolume.DiskId", "d-123"),
                Map.entry("DiskVolume.FsType", "ext4"));
        assertThat(r.volumes().get(2).fields()).containsExactly(Map.entry("FlexVolume.Driver", "alicloud/oss"),
                Map.entry("FlexVolume.Options", "{\"bucket\":\"b\"}"));
        assertThat(r.volumes().get(3).fields()).containsExactly(
                Map.entry("ConfigFileVolume.ConfigFileToPath.1.Path", "a"),
                Map.entry("ConfigFileVolume.ConfigFileToPath.1.Mode", "420"),
                Map.entry("ConfigFileVolume.ConfigFileToPath.2.Path", "b"));
        assertThat(r.configFiles()).containsExactly(Map.entry("config/a", "YQ=="), Map.entry("config/b", "Yg=="));
        assertThat(r.diskIds()).containsExactly("d-123");
    }

    @ParameterizedTest(name = "{0} containers / tags / volumes over the limit")
    @CsvSource({"Container,InvalidParameter.Container", "Tag,InvalidParameter.Tag", "Volume,InvalidParameter.Volume"})
    void limitsOfTwenty(String prefix, String code) {
        Map<String, String> m = valid();
        for (int n = 1; n <= 21; n++) {
            m.put(prefix + "." + n + (prefix.equals("Tag") ? ".Key" : ".Name"), "x" + n);
            m.put(prefix + "." + n + (prefix.equals("Tag") ? ".Value" : ".Image"), "v");
        }
        assertThatThrownBy(() -> parser.parse(Params.of(m)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @ParameterizedTest(name = "{0} -> first candidate {1}")
    @CsvSource(delimiter = '|', value = {
            "-|2-4Gi",
            "Cpu=4;Memory=8|4-8Gi",
            "Container.1.Cpu=3;Container.1.Memory=6|4-8Gi",
            "Container.1.Cpu=0.5|0.5-1Gi",
            "InstanceType=ecs.c6.xlarge,ecs.g6.2xlarge|ecs.c6.xlarge",
            "ComputeClass=general-purpose;Cpu=1.5;Memory=3|1.5-3Gi",
            "ComputeClass=general-purpose;Container.1.Cpu=1.2;Container.1.Memory=2.5|1.5-3Gi",
            "ComputeClass=gpu-hpn;Cpu=1;Memory=1|1-1Gi",
    })
    void choosesTheSpec(String changes, String key) {
        Map<String, String> m = valid();
        if (!changes.equals("-")) {
            for (String kv : changes.split(";")) {
                m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        assertThat(parser.parse(Params.of(m)).candidates().get(0).stockKey()).isEqualTo(key);
    }

    @Test
    void instanceTypesDeriveTheirSize() {
        assertThat(CreateRequestParser.instanceTypeCandidate("ecs.g6.2xlarge", SpecTable.eciDefault()).spec())
                .isEqualTo(new Spec(8, 32));
        assertThat(CreateRequestParser.instanceTypeCandidate("ecs.c6.large", SpecTable.eciDefault()).spec())
                .isEqualTo(new Spec(2, 4));
    }

    @Test
    void vSwitchesGiveZonesInOrder() {
        Map<String, String> m = valid();
        m.put("VSwitchId", "vsw-k,vsw-j");
        assertThat(parser.parse(Params.of(m)).placements()).extracting(CreateRequest.Placement::zoneId)
                .containsExactly("cn-hangzhou-k", "cn-hangzhou-j");
    }
}
