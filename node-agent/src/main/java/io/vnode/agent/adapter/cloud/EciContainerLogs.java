package io.vnode.agent.adapter.cloud;

import com.aliyuncs.eci.model.v20180808.DescribeContainerLogRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerLogResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import io.vnode.agent.app.ContainerLogs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * DescribeContainerLog through aliyun-java-sdk-eci 1.0.13. The 1.0.13 request has ContainerGroupId,
 * ContainerName, Tail and StartTime; {@code Timestamps} and {@code LastTime} (the previous container)
 * are newer API parameters, sent as query parameters of the same signed call.
 * Each call is signed with the key {@link AccessKeys} has now ({@link SignedClient}).
 */
public class EciContainerLogs implements ContainerLogs {

    private final SignedClient signed;

    public EciContainerLogs(AccessKeys keys, String regionId, String endpoint, String protocol) {
        this.signed = new SignedClient(keys, regionId, endpoint, protocol);
    }

    @Override
    public String logs(String instanceId, String container, Integer tailLines, boolean timestamps, boolean previous, Instant since) {
        DescribeContainerLogRequest request = signed.to(new DescribeContainerLogRequest());
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
            DescribeContainerLogResponse response = signed.client().orElseThrow(() -> new LogsUnavailableException(503,
                    "no cloud AccessKey configured (vnode.cloud.access-key-id or the credentials Secret): logs cannot be read",
                    null)).getAcsResponse(request);
            return response.getContent() == null ? "" : response.getContent();
        } catch (ServerException e) {
            throw new LogsUnavailableException(502, "the cloud could not return the log of " + instanceId + "/" + container
                    + ": " + e.getErrCode() + " " + e.getErrMsg(), e);
        } catch (ClientException e) {
            if (EciErrors.isCredentialError(e.getErrCode())) {
                signed.keyRefused();
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
