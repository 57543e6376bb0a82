package io.vnode.reconciler.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.reconciler.app.PodGateway;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link PodGateway} on the fabric8 client. */
public class KubePodGateway implements PodGateway {


    private final KubernetesClient client;
    private final KubernetesSerialization json;

    public KubePodGateway(KubernetesClient client) {
        this.client = client;
        this.json = client.getKubernetesSerialization();
    }

    @Override
    public Optional<Pod> get(String namespace, String name) {
        try {
            return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            throw classify(e, "get pod " + namespace + "/" + name);
        }
    }

    /**
     * A JSON Patch (RFC 6902) on the status subresource: after a {@code replace} of
     * metadata.resourceVersion with the version read, which the API server treats as a precondition (409
     * when the pod changed), one {@code add} (set) or {@code remove} per top-level status field that
     * differs and one {@code add} per annotation added or changed. Lists (conditions, containerStatuses)
     * are written whole, merged with the entries this service does not own.
     */
    @Override
    @SuppressWarnings("unchecked")
    public Optional<Pod> write(Pod current, Pod desired) {
        Map<String, Object> before = current.getStatus() == null ? Map.of() : json.convertValue(current.getStatus(), Map.class);
        Map<String, Object> after = desired.getStatus() == null ? Map.of() : json.convertValue(desired.getStatus(), Map.class);
        List<Map<String, Object>> ops = new ArrayList<>();
        ops.add(op("replace", "/metadata/resourceVersion", current.getMetadata().getResourceVersion()));
        if (current.getStatus() == null) {
            if (desired.getStatus() != null) {
                ops.add(op("add", "/status", after));
            }
        } else {
            after.forEach((k, v) -> {
                if (!Objects.equals(before.get(k), v)) {
                    ops.add(op("add", "/status/" + pointer(k), v));
                }
            });
            before.keySet().stream().filter(k -> !after.containsKey(k))
                    .forEach(k -> ops.add(op("remove", "/status/" + pointer(k), null)));
        }
        Map<String, String> had = current.getMetadata().getAnnotations() == null ? Map.of() : current.getMetadata().getAnnotations();
        Map<String, String> changed = new LinkedHashMap<>();
        if (desired.getMetadata().getAnnotations() != null) {
            desired.getMetadata().getAnnotations().forEach((k, v) -> {
                if (v != null && !v.equals(had.get(k))) {
                    changed.put(k, v);
                }
            });
        }
        if (!changed.isEmpty() && had.isEmpty()) {
            // a pod without annotations has no such member to add to (fabric8 reads it as an empty map); a copy
            // that only thought so is stale and meets the resourceVersion precondition
            ops.add(op("add", "/metadata/annotations", changed));
        } else {
            changed.forEach((k, v) -> ops.add(op("add", "/metadata/annotations/" + pointer(k), v)));
        }
        if (ops.size() == 1) {
            return Optional.of(current);
        }
        Map<String, String> annotations = new LinkedHashMap<>(had);
        annotations.putAll(changed);
        try {
            // what the server now holds: current (the precondition proved it) with desired's status and the annotations
            return patch(current, "/status", "application/json-patch+json", json.asJson(ops))
                    .map(version -> stored(current, changed.isEmpty() ? current.getMetadata().getAnnotations() : annotations,
                            desired.getStatus(), version));
        } catch (KubernetesClientException e) {
            throw classify(e, "patch status of " + current.getMetadata().getNamespace() + "/" + current.getMetadata().getName());
        }
    }

    /** A JSON Pointer reference token (RFC 6901). */
    private static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("path", path);
        if (!"remove".equals(op)) {
            m.put("value", value);
        }
        return m;
    }

    /**
     * The pod as the API server stores it after a write of ours: the written pod with the given
     * annotations, status and the new resourceVersion. Built here instead of parsed from the answer
     * (a whole pod through JSON per write); exact because every write carries the resourceVersion it
     * was computed from as a precondition. Shares spec with {@code base}: pods are never mutated here.
     */
    static Pod stored(Pod base, Map<String, String> annotations, io.fabric8.kubernetes.api.model.PodStatus status, String version) {
        io.fabric8.kubernetes.api.model.ObjectMeta meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(base.getMetadata())
                .withResourceVersion(version).withAnnotations(annotations == null ? null : new LinkedHashMap<>(annotations)).build();
        Pod pod = new Pod(base.getApiVersion(), base.getKind(), meta, base.getSpec(), status);
        pod.setAdditionalProperties(base.getAdditionalProperties());
        return pod;
    }

    private static final com.fasterxml.jackson.core.JsonFactory JSON_FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    /** metadata.resourceVersion of a JSON object, reading no further than needed (metadata comes first). */
    static String resourceVersionOf(String body) {
        try (com.fasterxml.jackson.core.JsonParser p = JSON_FACTORY.createParser(body)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                com.fasterxml.jackson.core.JsonToken value = p.nextToken();
                if ("metadata".equals(field) && value == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if ("resourceVersion".equals(name)) {
                            return p.getValueAsString();
                        }
                        p.skipChildren();
                    }
                    return null;
                }
                p.skipChildren();
            }
            return null;
        } catch (java.io.IOException e) {
            throw new KubernetesClientException("unreadable answer: " + e.getMessage(), e);
        }
    }

    /**
     * One PATCH request and nothing else (fabric8's DSL reads the pod before a patch by name, and
     * copies it through JSON before a patch of a given object). Returns the new resourceVersion, empty
     * when the pod is gone.
     */
    private Optional<String> patch(Pod current, String subresource, String contentType, String body) {
        String url = podUrl(current.getMetadata().getNamespace(), current.getMetadata().getName()) + subresource;
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).method("PATCH", contentType, body).build();
        HttpResponse<String> response = send(http, request, "patch " + current.getMetadata().getName() + subresource);
        int code = response.code();
        if (code / 100 == 2) {
            String version = resourceVersionOf(response.body());
            if (version == null) {
                throw new TransientException("answer without metadata.resourceVersion to " + current.getMetadata().getName(), null);
            }
            return Optional.of(version);
        }
        if (code == 404) {
            return Optional.empty();
        }
        throw new KubernetesClientException("patch " + current.getMetadata().getNamespace() + "/" + current.getMetadata().getName()
                + subresource + ": HTTP " + code + " " + response.body(), code, null);
    }

    private String podUrl(String ns, String name) {
        return collectionUrl(client, ns, "pods") + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** The URL of a core/v1 collection in a namespace, e.g. {@code .../api/v1/namespaces/ns/events}. */
    static String collectionUrl(KubernetesClient client, String ns, String plural) {
        return client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
                + URLEncoder.encode(ns, StandardCharsets.UTF_8) + "/" + plural;
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request, String what) {
        try {
            return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientException("cannot " + what, e);
        }
    }

    @Override
    public void deleteNow(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String url = podUrl(ns, name);
        String body = json.asJson(Map.of("kind", "DeleteOptions", "apiVersion", "v1", "gracePeriodSeconds", 0,
                "preconditions", Map.of("uid", pod.getMetadata().getUid())));
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).delete("application/json", body).build();
        HttpResponse<String> response = send(http, request, "delete " + ns + "/" + name);
        int code = response.code();
        if (code / 100 == 2 || code == 404 || code == 409) {
            return; // deleted, already gone, or the name now belongs to a new pod (UID precondition failed)
        }
        KubernetesClientException e = new KubernetesClientException("delete " + ns + "/" + name + ": HTTP " + code + " " + response.body(), code, null);
        throw classify(e, "delete pod " + ns + "/" + name);
    }

    static RuntimeException classify(KubernetesClientException e, String what) {
        int code = e.getCode();
        if (code == 409) {
            return new ConflictException(what + ": conflict", e);
        }
        // below 100: no HTTP answer at all (fabric8 uses -1 or 0): refused, reset or timed out
        if (code < 100 || code == 429 || code >= 500) {
            return new TransientException(what + ": " + e.getMessage(), e);
        }
        if (code == 401 || code == 403) {
            return new AccessDeniedException(what + ": HTTP " + code, e);
        }
        return e;
    }
}
