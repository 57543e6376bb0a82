package io.vnode.agent.adapter.cloud;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.eci.model.v20180808.DescribeContainerLogRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerLogResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.vnode.agent.app.ContainerLogs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * DescribeContainerLog through aliyun-java-sdk-eci 1.0.13. The 1.0.13 request has ContainerGroupId,
 * ContainerName, Tail and StartTime; {@code Timestamps} and {@code LastTime} (the previous container)
 * are newer API parameters, sent as query parameters of the same signed call.
 * Each call is signed with the key {@link AccessKeys} has now (a rotated key is used without a restart);
 * the secret lives only in the client's profile, never in a log line.
 */
public class EciContainerLogs implements ContainerLogs {

    private final AccessKeys keys;
    private final String regionId;
    private final String endpoint;
    private final ProtocolType protocol;
    private volatile Signed signed;

    /** A client and the key it signs with. */
    private record Signed(AccessKeys.AccessKey key, DefaultAcsClient client) {
    }

    public EciContainerLogs(AccessKeys keys, String regionId, String endpoint, String protocol) {
        this.keys = keys;
        this.regionId = regionId;
        this.endpoint = endpoint.replaceFirst("^[a-zA-Z]+://", "");
        this.protocol = "HTTP".equalsIgnoreCase(protocol) ? ProtocolType.HTTP : ProtocolType.HTTPS;
    }

    private synchronized DefaultAcsClient client() {
        AccessKeys.AccessKey key = keys.current().orElseThrow(() -> new LogsUnavailableException(503,
                "no cloud AccessKey configured (vnode.cloud.access-key-id or the credentials Secret): logs cannot be read", null));
        Signed s = signed;
        if (s == null || !s.key().equals(key)) {
            if (s != null) {
                s.client().shutdown();
            }
            s = new Signed(key, new DefaultAcsClient(DefaultProfile.getProfile(regionId, key.id(), key.secret())));
            signed = s;
        }
        return s.client();
    }

    @Override
    public String logs(String instanceId, String container, Integer tailLines, boolean timestamps, boolean previous, Instant since) {
        DescribeContainerLogRequest request = new DescribeContainerLogRequest();
        request.setSysEndpoint(endpoint);
        request.setSysProtocol(protocol);
        request.setContainerGroupId(instanceId);
        request.setContainerName(container);
        if (tailLines != null) {
            request.setTail(tailLines);
        }
        if (since != null) {
            request.setStartTime(since.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (timestamps) {
            request.putQueryParameter("Timestamps", "true");
        }
        if (previous) {
            request.putQueryParameter("LastTime", "true");
        }
        try {
            DescribeContainerLogResponse response = client().getAcsResponse(request);
            return response.getContent() == null ? "" : response.getContent();
        } catch (ServerException e) {
            throw new LogsUnavailableException(502, "the cloud could not return the log of " + instanceId + "/" + container
                    + ": " + e.getErrCode() + " " + e.getErrMsg(), e);
        } catch (ClientException e) {
            if (EciErrors.isCredentialError(e.getErrCode())) {
                keys.refresh();
                throw new LogsUnavailableException(503, "the cloud refused the AccessKey (" + e.getErrCode()
                        + "); the log of " + instanceId + "/" + container + " cannot be read until the credentials are fixed", e);
            }
            int status = e.getErrCode() != null && e.getErrCode().contains("NotFound") ? 404
                    : "SDK.ServerUnreachable".equals(e.getErrCode()) ? 503 : 502;
            throw new LogsUnavailableException(status, "the cloud refused the log request for " + instanceId + "/" + container
                    + ": " + e.getErrCode() + " " + e.getErrMsg(), e);
        }
    }
}
