package io.vnode.localkube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Kubernetes API for tests: fabric8's kubernetes-server-mock in CRUD mode over plain HTTP, with
 * the attribute index extended so that field selectors on {@code spec.nodeName} and
 * {@code status.phase} (and {@code involvedObject.*} of Events, for kubectl describe) work for list,
 * watch and informers (the stock server indexes only name,
 * namespace and labels). See test-support/README.md for how it still differs from a real API server.
 */
public final class KubeApiServer implements AutoCloseable {

    /** Held so the level sticks: the mock server logs every request at INFO through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final IndexedCrudDispatcher dispatcher;

    private KubeApiServer(KubernetesMockServer server, IndexedCrudDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
    }

    /** The store behind the server (object count, serving threads). */
    public IndexedCrudDispatcher dispatcher() {
        return dispatcher;
    }

    /** Starts a server on 127.0.0.1 and a random port. */
    public static KubeApiServer start() {
        return start(0);
    }

    /** Starts a server on 127.0.0.1:port (0: random). */
    public static KubeApiServer start(int port) {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        IndexedCrudDispatcher dispatcher = fieldIndexingDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return new KubeApiServer(server, dispatcher);
    }

    /** A new client for this server (close it when done). */
    public NamespacedKubernetesClient client() {
        return server.createClient();
    }

    /** The server URL, e.g. {@code http://127.0.0.1:41234/}. */
    public String url() {
        return server.url("/");
    }

    /** Requests served since the last call (the server keeps every request until taken), by "METHOD resource". */
    public Map<String, Integer> drainRequestCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        try {
            io.fabric8.mockwebserver.http.RecordedRequest r;
            while ((r = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                String path = r.getPath() == null ? "" : r.getPath().replaceAll("\\?.*", "");
                String[] parts = path.split("/");
                String kind = parts.length > 0 ? parts[parts.length - 1] : "";
                if (path.matches(".*/namespaces/[^/]+/[^/]+/[^/]+(/status)?")) {
                    kind = path.endsWith("/status") ? parts[parts.length - 3] + "/status" : parts[parts.length - 2];
                }
                counts.merge(r.getMethod() + " " + kind, 1, Integer::sum);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return counts;
    }

    @Override
    public void close() {
        server.destroy();
    }

    /** A CRUD dispatcher (store indexed by name and resource) whose attributes also hold the fields the product selects on. */
    public static IndexedCrudDispatcher fieldIndexingDispatcher() {
        return withFieldIndexing(new IndexedCrudDispatcher());
    }

    /** The dispatcher with the product's fields added to the attributes it stores and selects on. */
    static <D extends KubernetesCrudDispatcher> D withFieldIndexing(D dispatcher) {
        FieldIndexingExtractor extractor = new FieldIndexingExtractor();
        try {
            Field crudField = CrudDispatcher.class.getDeclaredField("attributeExtractor");
            crudField.setAccessible(true);
            crudField.set(dispatcher, extractor);
            Field kubeField = KubernetesCrudDispatcher.class.getDeclaredField("kubernetesAttributesExtractor");
            kubeField.setAccessible(true);
            kubeField.set(dispatcher, extractor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kubernetes-server-mock internals changed; see test-support/README.md", e);
        }
        return dispatcher;
    }

    /** Indexes spec.nodeName and status.phase of stored objects besides name, namespace and labels. */
    static final class FieldIndexingExtractor extends KubernetesAttributesExtractor {
        @Override
        public AttributeSet extract(HasMetadata resource) {
            AttributeSet set = super.extract(resource);
            if (resource instanceof GenericKubernetesResource generic) {
                Map<String, Object> props = generic.getAdditionalProperties();
                set = addNested(set, props, "spec", "nodeName");
                set = addNested(set, props, "status", "phase");
                if ("Event".equals(generic.getKind())) {
                    for (String field : new String[] {"name", "namespace", "uid", "kind"}) {
                        set = addNested(set, props, "involvedObject", field);
                    }
                }
            }
            return set;
        }

        private static AttributeSet addNested(AttributeSet set, Map<String, Object> props, String outer, String inner) {
            if (props.get(outer) instanceof Map<?, ?> map && map.get(inner) != null) {
                return set.add(new Attribute(outer + "." + inner, map.get(inner).toString()));
            }
            return set;
        }
    }
}
