package io.vnode.agent.adapter.cloud;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.vnode.agent.app.HealthProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the cloud accepts the AccessKey: a signed DescribeContainerGroups for one id that does not exist
 * (no instance is listed, nothing changes), at most once per {@code interval}, with the key as
 * {@link AccessKeys} has it now. A credential error code is a problem; anything else (no key configured,
 * the endpoint unreachable, throttling) is not this probe's to report. Blocking; thread-safe.
 */
public class CloudCredentialCheck implements HealthProbe {

    static final String PROBE_ID = "eci-vnode-credential-check";

    private final AccessKeys keys;
    private final String regionId;
    private final String endpoint;
    private final ProtocolType protocol;
    private final Duration interval;
    private final Clock clock;
    private Instant checkedAt = Instant.MIN;
    private String lastProblem;

    public CloudCredentialCheck(AccessKeys keys, String regionId, String endpoint, String protocol, Duration interval, Clock clock) {
        this.keys = keys;
        this.regionId = regionId;
        this.endpoint = endpoint.replaceFirst("^[a-zA-Z]+://", "");
        this.protocol = "HTTP".equalsIgnoreCase(protocol) ? ProtocolType.HTTP : ProtocolType.HTTPS;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public synchronized String problem() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(interval))) {
            return lastProblem;
        }
        checkedAt = now;
        lastProblem = check();
        return lastProblem;
    }

    private String check() {
        Optional<AccessKeys.AccessKey> key = keys.current();
        if (key.isEmpty()) {
            return null;
        }
        DescribeContainerGroupsRequest request = new DescribeContainerGroupsRequest();
        request.setSysEndpoint(endpoint);
        request.setSysProtocol(protocol);
        request.setContainerGroupIds("[\"" + PROBE_ID + "\"]");
        request.setLimit(1);
        DefaultAcsClient client = new DefaultAcsClient(DefaultProfile.getProfile(regionId, key.get().id(), key.get().secret()));
        try {
            client.getAcsResponse(request);
            return null;
        } catch (ClientException e) {
            if (EciErrors.isCredentialError(e.getErrCode())) {
                keys.refresh();
                return "the cloud refused AccessKey " + key.get().id() + ": " + e.getErrCode()
                        + (e.getErrMsg() == null ? "" : " " + firstLine(e.getErrMsg()));
            }
            return null;
        } finally {
            client.shutdown();
        }
    }

    private static String firstLine(String s) {
        int cut = s.indexOf(" server string to sign");
        String m = cut > 0 ? s.substring(0, cut) : s;
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
