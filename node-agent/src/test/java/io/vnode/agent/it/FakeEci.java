package io.vnode.agent.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The cloud's DescribeContainerLog as the ECI 2018-08-08 API answers it, on loopback, reached through the
 * unmodified aliyun SDK: every call's query parameters are recorded; the answer is a two-line log (to any
 * action) unless {@link #acceptOnly} names another AccessKey id than the call's, which is refused as the
 * cloud refuses an unknown key (404 InvalidAccessKeyId.NotFound).
 */
final class FakeEci implements AutoCloseable {

    final BlockingQueue<Map<String, String>> calls = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private volatile String acceptedKeyId;

    FakeEci() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String kv : raw == null ? new String[0] : raw.split("&")) {
                int eq = kv.indexOf('=');
                query.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
            calls.add(query);
            String accepted = acceptedKeyId;
            boolean refused = accepted != null && !accepted.equals(query.get("AccessKeyId"));
            String body = refused
                    ? "{\"RequestId\":\"req-2\",\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\"}"
                    : "{\"RequestId\":\"req-1\",\"ContainerName\":\"" + query.get("ContainerName") + "\",\"Content\":\"line 1\\nline 2\\n\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(refused ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** Only calls signed with this AccessKey id are answered from now on; null: every call. */
    void acceptOnly(String keyId) {
        this.acceptedKeyId = keyId;
    }

    String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
