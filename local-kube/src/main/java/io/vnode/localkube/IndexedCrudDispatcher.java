package io.vnode.localkube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD dispatcher with its store indexed by object name and by resource (plural).
 *
 * <p>The stock dispatcher (7.8.0) answers every request by scanning every stored object: a GET by
 * name copies the whole store into a list and matches each entry's attributes, and PATCH, PUT and
 * POST look their object up the same way. With thousands of pods and their Events stored, every
 * request then costs milliseconds on the server's single event-loop thread. Here the store is a map
 * that also keeps, per name and per plural, the keys stored under it; lookups match only those
 * candidates with the same {@link AttributeSet#matches} the stock dispatcher uses, so answers are the
 * same, in the same order.
 *
 * <p>What is replaced: GET of one object and of a list (watches stay stock), DELETE, the lookup
 * that PATCH, PUT and POST use, and the two "did it change" rules of a write (resourceVersion and
 * generation), which the stock code answers with a full JSON diff and this class with deep equality.
 * Writes still go through the stock {@code processEvent}, so watch events, resource versions and
 * finalizer handling are unchanged.
 */
public class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String NAME = KubernetesAttributesExtractor.NAME;
    private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;

    private final IndexedStore store = new IndexedStore();
    private final ReadWriteLock lock;
    private final AtomicLong resourceVersion;
    private final Set<?> watchers;
    private final KubernetesResponseComposer composer = new KubernetesResponseComposer();

    public IndexedCrudDispatcher() {
        try {
            Field mapField = CrudDispatcher.class.getDeclaredField("map");
            mapField.setAccessible(true);
            mapField.set(this, store);
            Field lockField = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            lockField.setAccessible(true);
            lock = (ReadWriteLock) lockField.get(this);
            Field rvField = KubernetesCrudDispatcher.class.getDeclaredField("resourceVersion");
            rvField.setAccessible(true);
            resourceVersion = (AtomicLong) rvField.get(this);
            Field watchersField = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
            watchersField.setAccessible(true);
            watchers = (Set<?>) watchersField.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kubernetes-server-mock internals changed; see test-support/README.md", e);
        }
    }

    private final Set<Long> servingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Ids of the threads that have served requests (for CPU accounting in benchmarks). */
    public Set<Long> servingThreads() {
        return Set.copyOf(servingThreads);
    }

    @Override
    public MockResponse dispatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
        servingThreads.add(Thread.currentThread().getId());
        return super.dispatch(request);
    }

    private static final java.util.regex.Pattern POD_STATUS =
            java.util.regex.Pattern.compile("(/api/v1/namespaces/[^/?]+/pods/[^/?]+)/status(\\?.*)?");

    /**
     * JSON patches as the API server applies them. A patch on a pod's status subresource keeps its
     * changes to metadata.annotations and metadata.labels (pods/status lets metadata but not spec
     * change; the stock dispatcher keeps only status): it is applied to the pod itself with any
     * operation on spec left out. A patch that cannot be applied to the object as stored (an
     * {@code add} under a member that does not exist, a failed {@code test}) is refused with 422, where
     * the stock dispatcher creates the missing members first.
     */
    @Override
    public MockResponse handlePatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json-patch+json")) {
            return super.handlePatch(request);
        }
        String body = request.getUtf8Body(); // reading the body consumes it: the request is rebuilt below
        JsonNode ops;
        try {
            ops = Serialization.jsonMapper().readTree(body);
        } catch (Exception e) {
            ops = null;
        }
        String path = request.getPath();
        java.util.regex.Matcher m = POD_STATUS.matcher(path);
        if (m.matches() && ops != null && ops.isArray()) {
            boolean metadata = false;
            com.fasterxml.jackson.databind.node.ArrayNode kept = Serialization.jsonMapper().createArrayNode();
            for (JsonNode op : ops) {
                String target = op.path("path").asText();
                if (target.startsWith("/metadata/annotations") || target.startsWith("/metadata/labels")) {
                    metadata = true;
                    kept.add(op);
                } else if (target.equals("/metadata/resourceVersion") || target.startsWith("/status")) {
                    kept.add(op);
                }
            }
            if (metadata) {
                path = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                ops = kept;
                body = kept.toString();
            }
        }
        io.fabric8.mockwebserver.http.RecordedRequest rebuilt = new io.fabric8.mockwebserver.http.RecordedRequest(
                request.getHttpVersion(), request.method(), path, request.getHeaders(),
                new io.fabric8.mockwebserver.http.Buffer(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (ops == null || !ops.isArray()) {
            return super.handlePatch(rebuilt);
        }
        JsonNode patch = ops;
        String target = path;
        return locked(lock.writeLock(), () -> {
            Map.Entry<AttributeSet, String> stored = findResource(getKey(target));
            if (stored != null) {
                try {
                    io.fabric8.zjsonpatch.JsonPatch.apply(patch, Serialization.jsonMapper().readTree(stored.getValue()));
                } catch (Exception e) {
                    return new MockResponse().setResponseCode(422).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                            + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"the server rejected our request due to an "
                            + "error in our request\",\"reason\":\"Invalid\",\"details\":{},\"code\":422}");
                }
            }
            return super.handlePatch(rebuilt);
        });
    }

    /** Watches open now. */
    public int watches() {
        return watchers.size();
    }

    /** Objects stored now. */
    public int size() {
        return locked(lock.readLock(), store::size);
    }

    @Override
    public MockResponse handleGet(String path) {
        if (path.contains("watch=true")) {
            return super.handleGet(path);
        }
        return locked(lock.readLock(), () -> {
            AttributeSet query = attributeExtractor.fromPath(path);
            Page page = query.containsKey(NAME) ? null : Page.of(path);
            if (page != null) {
                return page.answer(query, store, String.valueOf(resourceVersion.get())); // not a scan of all first
            }
            List<String> items = new ArrayList<>();
            for (AttributeSet key : store.candidates(query)) {
                if (key.matches(query)) {
                    items.add(store.get(key));
                }
            }
            if (query.containsKey(NAME)) {
                return items.isEmpty()
                        ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(items.get(0));
            }
            if (items.isEmpty()) {
                return null; // an empty list may be an API metadata request: the stock path answers it
            }
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                    .setBody(composer.compose(items, String.valueOf(resourceVersion.get())));
        }, () -> super.handleGet(path));
    }

    /**
     * A list read in chunks ({@code limit}, {@code continue}), as a real API server serves it: objects in
     * namespace/name order, each page after the key its continue token names, so objects written or
     * deleted between pages never shift one out of the listing. The stock dispatcher ignores both
     * parameters and answers everything (an answer of 50,000 pods can fill a service's heap).
     */
    record Page(long limit, String after) {

        static Page of(String path) {
            int q = path.indexOf('?');
            if (q < 0) {
                return null;
            }
            long limit = 0;
            String after = null;
            for (String param : path.substring(q + 1).split("&")) {
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(param.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                if ("limit".equals(name) && !value.isEmpty()) {
                    limit = Long.parseLong(value);
                } else if ("continue".equals(name) && !value.isEmpty()) {
                    after = new String(java.util.Base64.getUrlDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return limit > 0 || after != null ? new Page(limit, after) : null;
        }

        MockResponse answer(AttributeSet query, IndexedStore store, String resourceVersion) {
            List<String> items = new ArrayList<>();
            String[] last = new String[1];
            boolean[] more = new boolean[1];
            store.inPosition(query, after, (position, key) -> {
                if (!key.matches(query)) {
                    return true;
                }
                if (limit > 0 && items.size() == limit) {
                    more[0] = true;
                    return false;
                }
                items.add(store.get(key));
                last[0] = position;
                return true;
            });
            String token = more[0] ? java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(last[0].getBytes(java.nio.charset.StandardCharsets.UTF_8)) : "";
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + String.join(",", items)
                    + "],\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\""
                    + (more[0] ? ",\"continue\":\"" + token + "\"" : "") + "}}";
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(body);
        }

    }

    private static String value(AttributeSet key, String name) {
        Attribute a = key.getAttribute(name);
        return a == null || a.getValues().isEmpty() ? "" : String.valueOf(a.getValues().get(0));
    }

    /** Where a stored object sits in a chunked listing: namespace/name (the continue token's cursor). */
    static String position(AttributeSet key) {
        return value(key, KubernetesAttributesExtractor.NAMESPACE) + "/" + value(key, NAME);
    }

    /**
     * A watch as the stock one, except that its close is handled off the server's event loop. The stock
     * listener, on close, waits (up to a minute) for its send thread, and that thread waits (30 s per
     * message) for the event loop to write: with messages queued for a watcher that stopped reading, the
     * whole server would freeze for 30-60 s at each close.
     */
    @Override
    public MockResponse handleWatch(String path) {
        MockResponse response = super.handleWatch(path);
        WebSocketListener listener = response.getWebSocketListener();
        return listener == null ? response : response.withWebSocketUpgrade(new CloseOffTheEventLoop(listener, watchers));
    }

    private static final java.util.concurrent.ExecutorService CLOSER = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "watch-close");
        t.setDaemon(true);
        return t;
    });

    /**
     * The watcher leaves the dispatcher's list at once, on the event loop (no write after this one may
     * reach its stopped sender: that throws, and the write's answer was lost), and its sender stops on
     * another thread.
     */
    static final class CloseOffTheEventLoop extends WebSocketListener {
        private final WebSocketListener delegate;
        private final Set<?> watchers;

        CloseOffTheEventLoop(WebSocketListener delegate, Set<?> watchers) {
            this.delegate = delegate;
            this.watchers = watchers;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            watchers.remove(delegate);
            CLOSER.execute(() -> delegate.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            watchers.remove(delegate);
            CLOSER.execute(() -> delegate.onFailure(webSocket, t, response));
        }
    }

    @Override
    public MockResponse handleDelete(String path) {
        return locked(lock.writeLock(), () -> {
            AttributeSet query = attributeExtractor.fromPath(path);
            List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
            for (AttributeSet key : store.candidates(query)) {
                if (key.matches(query)) {
                    found.add(Map.entry(key, store.get(key)));
                }
            }
            if (!query.containsKey(NAME)) {
                return null; // a collection delete: rare, the stock path does it
            }
            for (Map.Entry<AttributeSet, String> entry : found) {
                delete(path, query, entry.getKey(), entry.getValue());
            }
            return found.isEmpty()
                    ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                    : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.get(0).getValue());
        }, () -> super.handleDelete(path));
    }

    /** As the stock dispatcher deletes: removed without finalizers, else marked for deletion once. */
    private void delete(String path, AttributeSet query, AttributeSet key, String json) {
        GenericKubernetesResource resource = Serialization.unmarshal(json, GenericKubernetesResource.class);
        if (resource.getFinalizers().isEmpty()) {
            processEvent(path, query, key, null, null);
        } else if (!resource.isMarkedForDeletion()) {
            resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
            processEvent(path, query, key, resource, Serialization.asJson(resource));
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        // called by the PATCH, PUT and POST handlers under the dispatcher's lock
        for (AttributeSet key : store.candidates(attributes)) {
            if (key.matches(attributes)) {
                return Map.entry(key, store.get(key));
            }
        }
        return null;
    }

    /** As the stock rule (a new resourceVersion when anything changed), by deep equality instead of a JSON diff. */
    @Override
    public void touchResourceVersion(JsonNode currentResource, JsonNode updatedResource) {
        if (!currentResource.equals(updatedResource)) {
            ((ObjectNode) updatedResource.get(METADATA)).put(RESOURCE_VERSION, String.valueOf(requestResourceVersion()));
        }
    }

    /**
     * As the stock rule (generation + 1 when anything outside metadata and status changed), by
     * comparing those top-level fields instead of a JSON diff of the whole object.
     */
    @Override
    public void touchGeneration(JsonNode currentResource, JsonNode updatedResource) {
        if (!withoutMetadataAndStatus(currentResource).equals(withoutMetadataAndStatus(updatedResource))) {
            ((ObjectNode) updatedResource.get(METADATA)).put(GENERATION,
                    currentResource.path(METADATA).path(GENERATION).asInt(0) + 1);
        }
    }

    private static Map<String, JsonNode> withoutMetadataAndStatus(JsonNode resource) {
        Map<String, JsonNode> fields = new HashMap<>();
        resource.fields().forEachRemaining(f -> {
            if (!METADATA.equals(f.getKey()) && !"status".equals(f.getKey())) {
                fields.put(f.getKey(), f.getValue());
            }
        });
        return fields;
    }

    private interface Body<T> {
        T get();
    }

    /** Runs body under the lock; a null answer falls back to the stock path (outside the lock). */
    private static MockResponse locked(Lock lock, Body<MockResponse> body, Body<MockResponse> fallback) {
        MockResponse response;
        lock.lock();
        try {
            response = body.get();
        } finally {
            lock.unlock();
        }
        return response != null ? response : fallback.get();
    }

    private static <T> T locked(Lock lock, Body<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The store: insertion-ordered like the stock one, plus the keys per name and per plural. Every
     * mutation of the stock dispatcher goes through put, remove and clear.
     */
    static final class IndexedStore extends LinkedHashMap<AttributeSet, String> {

        private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();
        private final Map<Attribute, Set<AttributeSet>> byPlural = new HashMap<>();
        /** Per plural, the keys in namespace/name order (several kinds may share a plural and a name). */
        private final Map<Attribute, java.util.TreeMap<String, Set<AttributeSet>>> sorted = new HashMap<>();

        @Override
        public synchronized String put(AttributeSet key, String value) {
            String previous = super.put(key, value);
            if (previous == null) {
                index(byName, key.getAttribute(NAME), key);
                index(byPlural, key.getAttribute(PLURAL), key);
                Attribute plural = key.getAttribute(PLURAL);
                if (plural != null) {
                    sorted.computeIfAbsent(plural, k -> new java.util.TreeMap<>())
                            .computeIfAbsent(position(key), k -> new LinkedHashSet<>()).add(key);
                }
            }
            return previous;
        }

        /**
         * The keys that can match a list query, in namespace/name order, after the cursor (null: from the
         * start); a query that names no single plural gets every key, sorted (rare: not the paths listed).
         */
        synchronized void inPosition(AttributeSet query, String after, Visitor visitor) {
            Attribute plural = query.getAttribute(PLURAL);
            java.util.NavigableMap<String, Set<AttributeSet>> keys;
            if (narrows(plural)) {
                keys = sorted.getOrDefault(plural, new java.util.TreeMap<>());
            } else {
                java.util.TreeMap<String, Set<AttributeSet>> all = new java.util.TreeMap<>();
                keySet().forEach(k -> all.computeIfAbsent(position(k), p -> new LinkedHashSet<>()).add(k));
                keys = all;
            }
            if (after != null) {
                keys = keys.tailMap(after, false);
            }
            for (Map.Entry<String, Set<AttributeSet>> e : keys.entrySet()) {
                for (AttributeSet k : e.getValue()) {
                    if (!visitor.visit(e.getKey(), k)) {
                        return;
                    }
                }
            }
        }

        /** Visits keys in listing order; return false to stop. */
        interface Visitor {
            boolean visit(String position, AttributeSet key);
        }

        @Override
        public synchronized String remove(Object key) {
            String previous = super.remove(key);
            if (previous != null) {
                AttributeSet set = (AttributeSet) key;
                unindex(byName, set.getAttribute(NAME), set);
                unindex(byPlural, set.getAttribute(PLURAL), set);
                Attribute plural = set.getAttribute(PLURAL);
                java.util.TreeMap<String, Set<AttributeSet>> inPlural = plural == null ? null : sorted.get(plural);
                if (inPlural != null) {
                    String position = position(set);
                    Set<AttributeSet> keys = inPlural.get(position);
                    if (keys != null && keys.remove(set) && keys.isEmpty()) {
                        inPlural.remove(position);
                    }
                }
            }
            return previous;
        }

        @Override
        public synchronized void clear() {
            super.clear();
            byName.clear();
            byPlural.clear();
            sorted.clear();
        }

        /**
         * The stored keys that can match the query: those under its name, else under its plural, else
         * all. Only a plain single-valued WITH attribute narrows (selectors such as name!=x do not).
         */
        synchronized Collection<AttributeSet> candidates(AttributeSet query) {
            Attribute name = query.getAttribute(NAME);
            if (narrows(name)) {
                return List.copyOf(byName.getOrDefault(name, Set.of()));
            }
            Attribute plural = query.getAttribute(PLURAL);
            if (narrows(plural)) {
                return List.copyOf(byPlural.getOrDefault(plural, Set.of()));
            }
            return List.copyOf(keySet());
        }

        /** Attribute equality is key and values (not type), so a query's attribute finds the stored one. */
        private static boolean narrows(Attribute a) {
            return a != null && a.getType() == AttributeType.WITH && a.getValues().size() == 1;
        }

        private static void index(Map<Attribute, Set<AttributeSet>> index, Attribute a, AttributeSet key) {
            if (a != null) {
                index.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(key);
            }
        }

        private static void unindex(Map<Attribute, Set<AttributeSet>> index, Attribute a, AttributeSet key) {
            if (a != null) {
                Set<AttributeSet> keys = index.get(a);
                if (keys != null && keys.remove(key) && keys.isEmpty()) {
                    index.remove(a);
                }
            }
        }
    }
}
