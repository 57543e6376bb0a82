package io.vnode.reconciler.it;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vnode.localkube.KubeApiServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CRUD API server (test-support's field-indexing dispatcher) behind a gate that answers 403, as
 * an API server does when RBAC allows reading pods but not writing them, to every write (any method
 * but GET) on the pods it is told to refuse, until it is told to let them through again.
 */
final class ApiGate extends Dispatcher {

    /** Held so the level sticks: the mock server logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final Dispatcher store;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusals = new AtomicInteger();

    private ApiGate(Dispatcher store) {
        this.store = store;
    }

    /** A server on 127.0.0.1 and a random port whose answers pass through a new gate. */
    static KubernetesMockServer serve() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        ApiGate gate = new ApiGate(KubeApiServer.fieldIndexingDispatcher());
        KubernetesMockServer server = new Served(gate);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return server;
    }

    static ApiGate of(KubernetesMockServer server) {
        return ((Served) server).gate;
    }

    /** From now on, every write on {@code namespaces/<ns>/pods/<name>} (and its subresources) answers 403. */
    void refuse(String namespace, String name) {
        refused.add("/api/v1/namespaces/" + namespace + "/pods/" + name);
    }

    void allowAll() {
        refused.clear();
    }

    int refusals() {
        return refusals.get();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath().replaceAll("\\?.*", "");
        for (String prefix : "GET".equals(request.getMethod()) ? Set.<String>of() : refused) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                refusals.incrementAndGet();
                return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"Forbidden\",\"code\":403,\"message\":\"pods is forbidden: User "
                        + "\\\"system:serviceaccount:vnode:status-reconciler\\\" cannot patch resource \\\"pods/status\\\"\"}");
            }
        }
        return store.dispatch(request);
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    private static final class Served extends KubernetesMockServer {
        final ApiGate gate;

        Served(ApiGate gate) {
            super(new Context(), new MockWebServer(), new HashMap<>(), gate, false);
            this.gate = gate;
        }
    }
}
