package io.vnode.reconciler.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

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
     * A JSON Patch (RFC 6902) on the status subresource: one {@code add} (set) or {@code remove} per
     * top-level status field that differs, after a {@code replace} of metadata.resourceVersion with the
     * version read, which the API server treats as a precondition (409 when the pod changed). Lists
     * (conditions, containerStatuses) are written whole, merged with the entries this service does not own.
     */
    @Override
    @SuppressWarnings("unchecked")
    public boolean writeStatus(Pod current, Pod desired) {
        Map<String, Object> before = current.getStatus() == null ? Map.of() : json.convertValue(current.getStatus(), Map.class);
        Map<String, Object> after = desired.getStatus() == null ? Map.of() : json.convertValue(desired.getStatus(), Map.class);
        List<Map<String, Object>> ops = new ArrayList<>();
        ops.add(op("replace", "/metadata/resourceVersion", current.getMetadata().getResourceVersion()));
        if (current.getStatus() == null) {
            ops.add(op("add", "/status", after));
        } else {
            after.forEach((k, v) -> {
                if (!Objects.equals(before.get(k), v)) {
                    ops.add(op("add", "/status/" + k.replace("~", "~0").replace("/", "~1"), v));
                }
            });
            before.keySet().stream().filter(k -> !after.containsKey(k))
                    .forEach(k -> ops.add(op("remove", "/status/" + k.replace("~", "~0").replace("/", "~1"), null)));
        }
        if (ops.size() == 1) {
            return false;
        }
        try {
            client.pods().inNamespace(current.getMetadata().getNamespace()).withName(current.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.JSON), json.asJson(ops));
            return true;
        } catch (KubernetesClientException e) {
            throw classify(e, "patch status of " + current.getMetadata().getNamespace() + "/" + current.getMetadata().getName());
        }
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

    @Override
    public boolean writeAnnotations(Pod current, Pod desired) {
        Map<String, String> before = current.getMetadata().getAnnotations() == null ? Map.of() : current.getMetadata().getAnnotations();
        Map<String, String> after = desired.getMetadata().getAnnotations() == null ? Map.of() : desired.getMetadata().getAnnotations();
        Map<String, String> changed = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            if (v != null && !v.equals(before.get(k))) {
                changed.put(k, v);
            }
        });
        if (changed.isEmpty()) {
            return false;
        }
        String patch = json.asJson(Map.of("metadata", Map.of("annotations", changed)));
        try {
            client.pods().inNamespace(current.getMetadata().getNamespace()).withName(current.getMetadata().getName())
                    .patch(MERGE, patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw classify(e, "patch annotations of " + current.getMetadata().getNamespace() + "/" + current.getMetadata().getName());
        }
    }

    @Override
    public void deleteNow(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
                + URLEncoder.encode(ns, StandardCharsets.UTF_8) + "/pods/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        String body = json.asJson(Map.of("kind", "DeleteOptions", "apiVersion", "v1", "gracePeriodSeconds", 0,
                "preconditions", Map.of("uid", pod.getMetadata().getUid())));
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).delete("application/json", body).build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientException("interrupted deleting " + ns + "/" + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new TransientException("cannot delete " + ns + "/" + name, e);
        }
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
        if (code == 0 || code == 429 || code >= 500) {
            return new TransientException(what + ": " + e.getMessage(), e);
        }
        return e;
    }
}
