package io.vnode.localstack;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the CRUD API server usable by kubectl: serves the discovery documents kubectl reads before
 * anything else (/version, /api, /apis, the resource lists), answers the OpenAPI paths with 404 (so
 * kubectl skips client-side validation schemas), and renders pods, nodes and events as
 * meta.k8s.io/v1 Tables when kubectl asks for them, so {@code kubectl get pods -o wide} shows
 * READY, STATUS, IP and NODE. It also deletes pods the way a real API server does for a pod bound to
 * a node: a delete with a grace period only sets deletionTimestamp and deletionGracePeriodSeconds
 * (the node's kubelet, here the product, finishes it), a delete with grace period 0 removes the pod,
 * and a UID precondition that does not match is refused with 409. Everything else goes to the CRUD
 * dispatcher unchanged.
 */
final class KubectlDispatcher extends Dispatcher {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Dispatcher crud;
    /** Requests served, by method and path pattern: count and nanoseconds on the server's event loop. */
    private final Map<String, java.util.concurrent.atomic.LongAdder[]> stats = new java.util.concurrent.ConcurrentHashMap<>();

    KubectlDispatcher(Dispatcher crud) {
        this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long t0 = System.nanoTime();
        try {
            return dispatch0(request);
        } finally {
            java.util.concurrent.atomic.LongAdder[] s = stats.computeIfAbsent(pattern(request),
                    k -> new java.util.concurrent.atomic.LongAdder[] {new java.util.concurrent.atomic.LongAdder(),
                            new java.util.concurrent.atomic.LongAdder()});
            s[0].increment();
            s[1].add(System.nanoTime() - t0);
        }
    }

    private static final java.util.regex.Pattern NAMED =
            java.util.regex.Pattern.compile("/(namespaces|pods|events|configmaps|secrets|leases|nodes|services|endpoints)/[^/]+");

    /** "PATCH /api/v1/namespaces/* /pods/* /status" (names elided; watch and selectors marked). */
    static String pattern(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        String query = q < 0 ? "" : path.substring(q + 1);
        String p = NAMED.matcher(bare).replaceAll("/$1/*");
        StringBuilder key = new StringBuilder(String.valueOf(request.getMethod())).append(' ').append(p);
        if (query.contains("watch=true") || query.contains("watch=1")) {
            key.append(" ?watch");
        }
        if (query.contains("labelSelector=")) {
            key.append(" ?labelSelector");
        }
        if (query.contains("fieldSelector=")) {
            key.append(" ?fieldSelector");
        }
        return key.toString();
    }

    /** Requests served so far by pattern: {count, milliseconds in the dispatcher}. */
    Map<String, long[]> requestStats() {
        Map<String, long[]> out = new java.util.TreeMap<>();
        stats.forEach((k, v) -> out.put(k, new long[] {v[0].sum(), v[1].sum() / 1_000_000}));
        return out;
    }

    private MockResponse dispatch0(RecordedRequest request) {
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if ("GET".equals(request.getMethod())) {
            String discovery = Discovery.document(bare);
            if (discovery != null) {
                return json(200, discovery);
            }
            if (bare.startsWith("/openapi")) {
                return json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}");
            }
        }
        if ("DELETE".equals(request.getMethod()) && POD_PATH.matcher(bare).matches()) {
            try {
                return deletePod(request, bare);
            } catch (RuntimeException e) {
                return json(500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,\"message\":\""
                        + String.valueOf(e).replace("\"", "'") + "\"}");
            }
        }
        if ("POST".equals(request.getMethod()) && (BINDINGS_PATH.matcher(bare).matches() || POD_BINDING_PATH.matcher(bare).matches())) {
            return bind(request, bare);
        }
        MockResponse response = crud.dispatch(request);
        String accept = request.getHeader("Accept");
        if ("GET".equals(request.getMethod()) && accept != null && accept.contains("as=Table")
                && response.code() == 200 && !path.contains("watch=")) {
            return asTable(response, bare);
        }
        return response;
    }

    private static final java.util.regex.Pattern POD_PATH =
            java.util.regex.Pattern.compile("/api/v1/namespaces/[^/]+/pods/[^/]+");

    private static final java.util.regex.Pattern BINDINGS_PATH =
            java.util.regex.Pattern.compile("/api/v1/namespaces/([^/]+)/bindings");
    private static final java.util.regex.Pattern POD_BINDING_PATH =
            java.util.regex.Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/binding");

    /**
     * A Binding as a real API server takes it (what kube-scheduler and node-agent's local binder post): it
     * sets spec.nodeName of the pod it names, once; an already bound pod answers 409, a missing one 404, a
     * uid in the Binding's metadata that is not the pod's 409. Nothing is stored as a Binding.
     */
    private MockResponse bind(RecordedRequest request, String path) {
        JsonNode binding = JSON.readTree(request.getBody() == null ? "{}" : request.getUtf8Body());
        java.util.regex.Matcher podBinding = POD_BINDING_PATH.matcher(path);
        boolean subresource = podBinding.matches();
        java.util.regex.Matcher m = subresource ? podBinding : BINDINGS_PATH.matcher(path);
        m.matches();
        String ns = m.group(1);
        String name = subresource ? m.group(2) : binding.path("metadata").path("name").asString("");
        String node = binding.path("target").path("name").asString("");
        if (name.isEmpty() || node.isEmpty() || !"Node".equals(binding.path("target").path("kind").asString("Node"))) {
            return status(400, "BadRequest", "a Binding names a pod (metadata.name) and a target Node (target.name)");
        }
        String podPath = "/api/v1/namespaces/" + ns + "/pods/" + name;
        MockResponse current = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, podPath, Headers.builder().build(), new Buffer()));
        if (current.code() != 200) {
            return status(404, "NotFound", "pods \\\"" + name + "\\\" not found");
        }
        JsonNode pod = JSON.readTree(current.getBody().readUtf8());
        String uid = binding.path("metadata").path("uid").asString("");
        if (!uid.isEmpty() && !uid.equals(pod.path("metadata").path("uid").asString())) {
            return status(409, "Conflict", "Precondition failed: UID in precondition: " + uid);
        }
        if (!pod.path("spec").path("nodeName").asString("").isEmpty()) {
            return status(409, "Conflict", "pod " + name + " is already assigned to node \\\"" + pod.path("spec").path("nodeName").asString() + "\\\"");
        }
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", pod.path("metadata").path("resourceVersion").asString());
        patch.putObject("spec").put("nodeName", node);
        MockResponse updated = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, podPath,
                Headers.builder().add("Content-Type", "application/merge-patch+json").build(), new Buffer().writeUtf8(patch.toString())));
        if (updated.code() >= 300) {
            return updated;
        }
        return json(201, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Success\",\"code\":201}");
    }

    private static MockResponse status(int code, String reason, String message) {
        return json(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"" + reason
                + "\",\"message\":\"" + message + "\",\"code\":" + code + "}");
    }

    private MockResponse deletePod(RecordedRequest request, String path) {
        MockResponse current = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path,
                Headers.builder().build(), new Buffer()));
        if (current.code() != 200) {
            return current;
        }
        ObjectNode pod = (ObjectNode) JSON.readTree(current.getBody().readUtf8());
        String body = request.getBody() == null ? "" : request.getUtf8Body();
        JsonNode options = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        String wantedUid = options.path("preconditions").path("uid").asString("");
        if (!wantedUid.isEmpty() && !wantedUid.equals(pod.path("metadata").path("uid").asString())) {
            return json(409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\","
                    + "\"message\":\"Precondition failed: UID in precondition: " + wantedUid + ", UID in object meta: "
                    + pod.path("metadata").path("uid").asString() + "\",\"code\":409}");
        }
        long grace = options.has("gracePeriodSeconds") ? options.path("gracePeriodSeconds").asLong()
                : pod.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        boolean bound = !pod.path("spec").path("nodeName").asString("").isEmpty();
        boolean terminal = pod.path("status").path("phase").asString("").matches("Succeeded|Failed");
        if (grace == 0 || !bound || terminal) {
            if (removeGracefulFinalizer(pod, path)) {
                return json(200, pod.toString()); // the CRUD server removed it with its last finalizer
            }
            return crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.DELETE, path, Headers.builder().build(), new Buffer()));
        }
        if (!pod.path("metadata").has("deletionTimestamp")) {
            ObjectNode patch = JSON.createObjectNode();
            ObjectNode metadata = patch.putObject("metadata");
            metadata.put("deletionTimestamp", Instant.now().plusSeconds(grace).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            metadata.put("deletionGracePeriodSeconds", grace);
            // the CRUD server removes an object whose deletionTimestamp is set and that has no finalizer
            ArrayNode finalizers = metadata.putArray("finalizers");
            pod.path("metadata").path("finalizers").forEach(finalizers::add);
            finalizers.add(GRACEFUL_FINALIZER);
            MockResponse updated = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, path,
                    Headers.builder().add("Content-Type", "application/merge-patch+json").build(),
                    new Buffer().writeUtf8(patch.toString())));
            if (updated.code() >= 300) {
                return updated;
            }
            return crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
        }
        return json(200, pod.toString());
    }

    /** Held by a pod in graceful deletion so the CRUD server keeps it until the delete with grace 0. */
    static final String GRACEFUL_FINALIZER = "vnode.io/local-graceful-deletion";

    /** Removes our finalizer; true when that was the pod's last one (the CRUD server then removed the pod). */
    private boolean removeGracefulFinalizer(JsonNode pod, String path) {
        JsonNode finalizers = pod.path("metadata").path("finalizers");
        for (int i = 0; i < finalizers.size(); i++) {
            if (GRACEFUL_FINALIZER.equals(finalizers.get(i).asString())) {
                String patch = "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + i + "\"}]";
                crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, path,
                        Headers.builder().add("Content-Type", "application/json-patch+json").build(),
                        new Buffer().writeUtf8(patch)));
                return finalizers.size() == 1;
            }
        }
        return false;
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }

    private MockResponse asTable(MockResponse response, String path) {
        String resource = path.substring(path.lastIndexOf('/') + 1);
        JsonNode body = JSON.readTree(response.getBody().readUtf8());
        List<JsonNode> items = new ArrayList<>();
        if (body.has("items")) {
            body.get("items").forEach(items::add);
        } else {
            items.add(body);
            resource = resourceOfSingle(path);
        }
        Columns columns = Columns.of(resource);
        if (columns == null) {
            return json(200, body.toString());
        }
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode tableMetadata = table.putObject("metadata");
        tableMetadata.put("resourceVersion", body.path("metadata").path("resourceVersion").asString(""));
        if (!body.path("metadata").path("continue").asString("").isEmpty()) {
            // a chunked list (kubectl asks for 500 at a time): without the token kubectl stops at the first chunk
            tableMetadata.put("continue", body.path("metadata").path("continue").asString());
        }
        ArrayNode defs = table.putArray("columnDefinitions");
        for (int i = 0; i < columns.names().size(); i++) {
            ObjectNode d = defs.addObject();
            d.put("name", columns.names().get(i));
            d.put("type", "string");
            d.put("format", i == 0 ? "name" : "");
            d.put("description", "");
            d.put("priority", columns.priorities().get(i));
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.cells(item).forEach(cells::add);
            ObjectNode object = row.putObject("object");
            object.put("kind", "PartialObjectMetadata");
            object.put("apiVersion", "meta.k8s.io/v1");
            object.set("metadata", item.path("metadata"));
        }
        return json(200, table.toString());
    }

    private static String resourceOfSingle(String path) {
        String[] parts = path.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : "";
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    /** Table columns per resource, as kubectl prints them from a real API server. */
    record Columns(List<String> names, List<Integer> priorities, java.util.function.Function<JsonNode, List<String>> cells0) {

        List<String> cells(JsonNode item) {
            return cells0.apply(item);
        }

        static Columns of(String resource) {
            return switch (resource) {
                case "pods" -> new Columns(
                        List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"),
                        List.of(0, 0, 0, 0, 0, 1, 1, 1, 1), Columns::podCells);
                case "nodes" -> new Columns(
                        List.of("Name", "Status", "Roles", "Age", "Version", "Internal-IP", "OS-Image", "Kernel-Version", "Container-Runtime"),
                        List.of(0, 0, 0, 0, 0, 1, 1, 1, 1), Columns::nodeCells);
                case "events" -> new Columns(
                        List.of("Last Seen", "Type", "Reason", "Object", "Message"),
                        List.of(0, 0, 0, 0, 0), Columns::eventCells);
                default -> null;
            };
        }

        static List<String> podCells(JsonNode pod) {
            JsonNode status = pod.path("status");
            int total = pod.path("spec").path("containers").size();
            int ready = 0;
            int restarts = 0;
            String reason = status.path("phase").asString("Pending");
            for (JsonNode cs : status.path("containerStatuses")) {
                if (cs.path("ready").asBoolean(false)) {
                    ready++;
                }
                restarts += cs.path("restartCount").asInt(0);
                JsonNode state = cs.path("state");
                if (state.has("waiting") && state.path("waiting").has("reason")) {
                    reason = state.path("waiting").path("reason").asString();
                } else if (state.has("terminated") && state.path("terminated").has("reason")) {
                    reason = state.path("terminated").path("reason").asString();
                }
            }
            if (status.has("reason") && !status.path("reason").asString().isEmpty()) {
                reason = status.path("reason").asString();
            }
            if (pod.path("metadata").has("deletionTimestamp")) {
                reason = "Terminating";
            }
            return List.of(name(pod), ready + "/" + total, reason, Integer.toString(restarts), age(pod),
                    status.path("podIP").asString("<none>"), pod.path("spec").path("nodeName").asString("<none>"),
                    "<none>", "<none>");
        }

        static List<String> nodeCells(JsonNode node) {
            String ready = "Unknown";
            for (JsonNode c : node.path("status").path("conditions")) {
                if ("Ready".equals(c.path("type").asString())) {
                    ready = "True".equals(c.path("status").asString()) ? "Ready" : "NotReady";
                }
            }
            Map<String, String> labels = new LinkedHashMap<>();
            node.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            String ip = "<none>";
            for (JsonNode a : node.path("status").path("addresses")) {
                if ("InternalIP".equals(a.path("type").asString())) {
                    ip = a.path("address").asString();
                }
            }
            JsonNode info = node.path("status").path("nodeInfo");
            return List.of(name(node), ready, labels.getOrDefault("kubernetes.io/role", "<none>"), age(node),
                    info.path("kubeletVersion").asString(""), ip, info.path("osImage").asString("<unknown>"),
                    info.path("kernelVersion").asString("<unknown>"), info.path("containerRuntimeVersion").asString("<unknown>"));
        }

        static List<String> eventCells(JsonNode event) {
            JsonNode io = event.path("involvedObject");
            String last = event.path("lastTimestamp").asString(event.path("eventTime").asString(""));
            return List.of(since(last), event.path("type").asString(""), event.path("reason").asString(""),
                    io.path("kind").asString("").toLowerCase() + "/" + io.path("name").asString(""),
                    event.path("message").asString(""));
        }

        static String name(JsonNode o) {
            return o.path("metadata").path("name").asString();
        }

        static String age(JsonNode o) {
            return since(o.path("metadata").path("creationTimestamp").asString(""));
        }

        static String since(String timestamp) {
            if (timestamp == null || timestamp.isEmpty()) {
                return "<unknown>";
            }
            Duration d = Duration.between(Instant.parse(timestamp), Instant.now());
            long s = Math.max(0, d.getSeconds());
            return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : (s / 3600) + "h";
        }
    }
}
