package io.vnode.localstack;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vnode.localkube.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * The Kubernetes API of the local stack: the CRUD API server (with the product's field indexes) on a
 * fixed port, made usable by kubectl (discovery, Tables), and a kubeconfig for it at a fixed path.
 */
final class LocalKubeApi implements AutoCloseable {

    /** Held so the level sticks: the mock server logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final Path kubeconfig;
    private final KubectlDispatcher dispatcher;

    /** Empties the server's record of requests, which it otherwise keeps forever (every request with its body). */
    private final java.util.concurrent.ScheduledExecutorService drainer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "local-kube-api-request-log-drain");
                t.setDaemon(true);
                return t;
            });

    private LocalKubeApi(KubernetesMockServer server, Path kubeconfig, KubectlDispatcher dispatcher) {
        this.server = server;
        this.kubeconfig = kubeconfig;
        this.dispatcher = dispatcher;
        drainer.scheduleWithFixedDelay(this::drainRequestLog, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void drainRequestLog() {
        try {
            while (server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
                // counted by the dispatcher already (requestStats)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the server is stopping
        }
    }

    /** Requests served so far by method and path pattern: {count, milliseconds in the dispatcher}. */
    java.util.Map<String, long[]> requestStats() {
        return dispatcher.requestStats();
    }

    static LocalKubeApi start(int port, Path kubeconfig) {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        KubectlDispatcher dispatcher = new KubectlDispatcher(KubeApiServer.fieldIndexingDispatcher());
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
            Files.createDirectories(kubeconfig.getParent());
            Files.writeString(kubeconfig, kubeconfigYaml(server.url("/")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalKubeApi(server, kubeconfig, dispatcher);
    }

    static String kubeconfigYaml(String url) {
        String server = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: vnode-local
                  cluster:
                    server: %s
                contexts:
                - name: vnode-local
                  context:
                    cluster: vnode-local
                    user: vnode-local
                    namespace: default
                current-context: vnode-local
                users:
                - name: vnode-local
                  user:
                    token: local
                """.formatted(server);
    }

    String url() {
        return server.url("/");
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    KubernetesClient client() {
        return server.createClient();
    }

    @Override
    public void close() {
        drainer.shutdownNow();
        server.destroy();
    }
}
