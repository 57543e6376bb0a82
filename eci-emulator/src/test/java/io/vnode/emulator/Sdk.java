package io.vnode.emulator;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.eci.model.v20180808.CreateContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real aliyun SDK pointed at an emulator, as the cloud-executor will use it. */
final class Sdk {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final DefaultAcsClient client;
    final String endpoint;

    Sdk(EciEmulator emulator) {
        this(emulator, "testAkId", "testAkSecret");
    }

    Sdk(EciEmulator emulator, String accessKeyId, String secret) {
        this.client = new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", accessKeyId, secret));
        this.endpoint = emulator.endpoint();
    }

    <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
        request.setSysEndpoint(endpoint);
        request.setSysProtocol(ProtocolType.HTTP);
        return client.getAcsResponse(request);
    }

    /** A generic call (DescribeContainerGroupStatus, DescribeContainerGroupEvents), returning the parsed body. */
    JsonNode common(String action, Map<String, String> params) throws ClientException {
        CommonRequest r = new CommonRequest();
        r.setSysProduct("Eci");
        r.setSysVersion("2018-08-08");
        r.setSysAction(action);
        r.setSysDomain(endpoint); // CommonRequest has no setSysEndpoint in core 4.7.10
        r.setSysProtocol(ProtocolType.HTTP);
        r.putQueryParameter("RegionId", "cn-hangzhou");
        params.forEach(r::putQueryParameter);
        CommonResponse resp = client.getCommonResponse(r);
        return JSON.readTree(resp.getData());
    }

    static CreateContainerGroupRequest create(String name, String image) {
        CreateContainerGroupRequest r = new CreateContainerGroupRequest();
        r.setRegionId("cn-hangzhou");
        r.setContainerGroupName(name);
        r.setSecurityGroupId("sg-1");
        CreateContainerGroupRequest.Container c = new CreateContainerGroupRequest.Container();
        c.setName("main");
        c.setImage(image);
        r.setContainers(List.of(c));
        return r;
    }

    /** An instance whose container mounts the cloud disk as volume "data" at /data. */
    static CreateContainerGroupRequest withDisk(String name, String image, String diskId) {
        CreateContainerGroupRequest r = create(name, image);
        CreateContainerGroupRequest.Volume disk = new CreateContainerGroupRequest.Volume();
        disk.setName("data");
        disk.setType("DiskVolume");
        disk.setDiskVolumeDiskId(diskId);
        r.setVolumes(List.of(disk));
        r.getContainers().get(0).setVolumeMounts(List.of(mount("data", "/data")));
        r.setContainers(r.getContainers()); // the SDK encodes the containers when they are set
        return r;
    }

    static CreateContainerGroupRequest.Container.VolumeMount mount(String volume, String path) {
        CreateContainerGroupRequest.Container.VolumeMount m = new CreateContainerGroupRequest.Container.VolumeMount();
        m.setName(volume);
        m.setMountPath(path);
        return m;
    }

    static CreateContainerGroupRequest.Tag tag(String key, String value) {
        CreateContainerGroupRequest.Tag t = new CreateContainerGroupRequest.Tag();
        t.setKey(key);
        t.setValue(value);
        return t;
    }

    String createId(CreateContainerGroupRequest r) throws ClientException {
        return call(r).getContainerGroupId();
    }

    Optional<DescribeContainerGroupsResponse.ContainerGroup> describe(String id) throws ClientException {
        DescribeContainerGroupsRequest r = new DescribeContainerGroupsRequest();
        r.setRegionId("cn-hangzhou");
        r.setContainerGroupIds("[\"" + id + "\"]");
        List<DescribeContainerGroupsResponse.ContainerGroup> groups = call(r).getContainerGroups();
        return groups == null || groups.isEmpty() ? Optional.empty() : Optional.of(groups.get(0));
    }

    String status(String id) throws ClientException {
        return describe(id).map(DescribeContainerGroupsResponse.ContainerGroup::getStatus).orElse("(gone)");
    }
}
