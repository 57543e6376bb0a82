package io.vnode.agent.adapter.kafka;

import io.vnode.agent.app.HealthProbe;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Kafka answers when {@code describeCluster} lists at least one broker within the timeout. */
public class KafkaReachability implements HealthProbe, AutoCloseable {

    private final AdminClient admin;
    private final Duration timeout;

    /** @param clientProperties the application's Kafka client settings (bootstrap servers, security) */
    public KafkaReachability(Map<String, Object> clientProperties, Duration timeout) {
        this.timeout = timeout;
        this.admin = AdminClient.create(adminConfig(clientProperties, timeout));
    }

    /** What the AdminClient is built from: the application's client settings under the probe's own timeouts. */
    public static Map<String, Object> adminConfig(Map<String, Object> clientProperties, Duration timeout) {
        int ms = (int) timeout.toMillis();
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.putAll(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "node-agent-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000));
        return config;
    }

    @Override
    public String problem() {
        try {
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            return nodes.isEmpty() ? "the cluster lists no broker" : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
