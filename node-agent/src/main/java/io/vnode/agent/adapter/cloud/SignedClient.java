package io.vnode.agent.adapter.cloud;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import java.util.Optional;

/**
 * An SDK client that signs with the key {@link AccessKeys} has now (a rotated key is used without a
 * restart), and the endpoint and protocol every request of this agent goes to. The secret lives only in
 * the client's profile, never in a log line. Thread-safe.
 */
final class SignedClient {

    private final AccessKeys keys;
    private final String regionId;
    private final String endpoint;
    private final ProtocolType protocol;
    private Signed signed;

    /** A client and the key it signs with. */
    private record Signed(AccessKeys.AccessKey key, DefaultAcsClient client) {
    }

    SignedClient(AccessKeys keys, String regionId, String endpoint, String protocol) {
        this.keys = keys;
        this.regionId = regionId;
        this.endpoint = endpoint.replaceFirst("^[a-zA-Z]+://", "");
        this.protocol = "HTTP".equalsIgnoreCase(protocol) ? ProtocolType.HTTP : ProtocolType.HTTPS;
    }

    /** The client for the current key; empty when no key is configured. */
    synchronized Optional<DefaultAcsClient> client() {
        Optional<AccessKeys.AccessKey> key = keys.current();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Signed s = signed;
        if (s == null || !s.key().equals(key.get())) {
            if (s != null) {
                s.client().shutdown();
            }
            s = new Signed(key.get(), new DefaultAcsClient(DefaultProfile.getProfile(regionId, key.get().id(), key.get().secret())));
            signed = s;
        }
        return Optional.of(s.client());
    }

    /** The request, sent to this agent's endpoint with its protocol. */
    <R extends AcsRequest<?>> R to(R request) {
        request.setSysEndpoint(endpoint);
        request.setSysProtocol(protocol);
        return request;
    }

    /** The cloud refused the key: read it again before the next call. */
    void keyRefused() {
        keys.refresh();
    }
}
