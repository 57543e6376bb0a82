package io.vnode.agent.adapter.cloud;

import io.vnode.agent.app.HealthProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * The cloud API answers when a TCP connection to its endpoint opens within the timeout. Cheap (no
 * signed call, no quota used) and enough to tell "network or endpoint down" from "up".
 */
public class CloudEndpointReachability implements HealthProbe {

    private final String host;
    private final int port;
    private final Duration timeout;

    public CloudEndpointReachability(String endpoint, Duration timeout) {
        this.timeout = timeout;
        String e = endpoint.trim();
        if (e.contains("://")) {
            URI uri = URI.create(e);
            this.host = uri.getHost();
            this.port = uri.getPort() > 0 ? uri.getPort() : ("http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443);
        } else {
            int colon = e.lastIndexOf(':');
            this.host = colon > 0 ? e.substring(0, colon) : e;
            this.port = colon > 0 ? Integer.parseInt(e.substring(colon + 1)) : 443;
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("vnode.cloud.endpoint '" + endpoint + "' names no host");
        }
    }

    public String target() {
        return host + ":" + port;
    }

    @Override
    public String problem() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return null;
        } catch (IOException e) {
            return target() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        }
    }
}
