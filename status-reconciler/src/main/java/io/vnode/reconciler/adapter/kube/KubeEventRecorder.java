package io.vnode.reconciler.adapter.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vnode.reconciler.app.EventRecorder;
import io.vnode.reconciler.app.PodGateway;
import io.vnode.reconciler.domain.PodEventNote;
import io.vnode.reconciler.domain.Rfc3339;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link EventRecorder} on core/v1 Events. The Event's name is derived from the pod uid, origin, type,
 * reason and message, so the same fact is always the same object (dedup survives restarts and
 * replicas); a second occurrence patches count and lastTimestamp. A cloud event this instance
 * mirrored before is raised to the cloud's count with one patch and no read (the cloud counts it).
 */
public class KubeEventRecorder implements EventRecorder {

    public static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final String component;
    /** Event name -> count and lastTimestamp last written by this instance (a hint that saves a GET; never trusted for a write). */
    private final Map<String, String> written = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 50_000;
        }
    });

    public KubeEventRecorder(KubernetesClient client, String component) {
        this.client = client;
        this.component = component;
    }

    @Override
    public void record(Pod pod, String virtualNode, PodEventNote note) {
        String ns = pod.getMetadata().getNamespace();
        String name = eventName(pod, note);
        String message = note.message() == null ? "" : note.message().length() > MAX_MESSAGE
                ? note.message().substring(0, MAX_MESSAGE - 3) + "..." : note.message();
        if (note.origin() == PodEventNote.Origin.CLOUD
                && (Math.max(1, note.count()) + "|" + Rfc3339.format(note.lastTimestamp())).equals(written.get(name))) {
            return; // this instance already mirrored exactly this cloud event
        }
        String hint = written.get(name);
        if (note.origin() == PodEventNote.Origin.CLOUD && hint != null && newer(note, hint)) {
            try {
                if (patchCloudCount(ns, name, note)) {
                    return; // the cloud's count is the count: no read needed to raise it
                }
            } catch (KubernetesClientException e) {
                throw KubePodGateway.classify(e, "record event " + note.reason() + " on " + ns + "/" + pod.getMetadata().getName());
            }
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Event existing = written.containsKey(name) ? client.v1().events().inNamespace(ns).withName(name).get() : null;
                if (existing == null) {
                    Event created = newEvent(pod, virtualNode, note, name, message);
                    if (create(created)) {
                        written.put(name, created.getCount() + "|" + created.getLastTimestamp());
                        return;
                    }
                    existing = client.v1().events().inNamespace(ns).withName(name).get();
                    if (existing == null) {
                        continue;
                    }
                }
                bump(existing, note);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403 && e.getMessage() != null && e.getMessage().contains("is being terminated")) {
                    return; // the namespace is going away with the pod: nobody to tell, and no access problem
                }
                if (e.getCode() != 409) {
                    throw KubePodGateway.classify(e, "record event " + note.reason() + " on " + ns + "/" + pod.getMetadata().getName());
                }
                // created concurrently: read it again and bump
            }
        }
        throw new PodGateway.TransientException("event " + name + " kept conflicting", null);
    }

    /**
     * One POST and nothing else (fabric8's create parses the whole answer back into an Event; what
     * was created is what was sent). Returns false when an Event of that name exists already (409).
     */
    private boolean create(Event event) {
        String ns = event.getMetadata().getNamespace();
        String url = KubePodGateway.collectionUrl(client, ns, "events");
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url)
                .post("application/json", client.getKubernetesSerialization().asJson(event)).build();
        HttpResponse<String> response = KubePodGateway.send(http, request, "create event " + event.getMetadata().getName());
        int code = response.code();
        if (code / 100 == 2) {
            return true;
        }
        if (code == 409) {
            return false;
        }
        throw new KubernetesClientException("create event " + ns + "/" + event.getMetadata().getName() + ": HTTP " + code
                + " " + response.body(), code, null);
    }

    /** The cloud's note is at or past what this instance wrote last ("count|lastTimestamp"). */
    private static boolean newer(PodEventNote note, String hint) {
        int bar = hint.indexOf('|');
        String last = Rfc3339.format(note.lastTimestamp());
        try {
            return Math.max(1, note.count()) >= Integer.parseInt(hint.substring(0, bar)) && last != null
                    && !"null".equals(hint.substring(bar + 1)) && !Instant.parse(last).isBefore(Instant.parse(hint.substring(bar + 1)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A merge patch of count and lastTimestamp to the cloud's, as one request. Returns false when the
     * Event is gone (expired by the API server's TTL): it is created again.
     */
    private boolean patchCloudCount(String ns, String name, PodEventNote note) {
        int count = Math.max(1, note.count());
        String last = Rfc3339.format(note.lastTimestamp());
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("count", count);
        patch.put("lastTimestamp", last);
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(KubePodGateway.collectionUrl(client, ns, "events") + "/"
                        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
                .method("PATCH", "application/merge-patch+json", client.getKubernetesSerialization().asJson(patch)).build();
        HttpResponse<String> response = KubePodGateway.send(http, request, "patch event " + name);
        if (response.code() / 100 == 2) {
            written.put(name, count + "|" + last);
            return true;
        }
        if (response.code() == 404) {
            written.remove(name);
            return false;
        }
        throw new KubernetesClientException("patch event " + ns + "/" + name + ": HTTP " + response.code() + " " + response.body(),
                response.code(), null);
    }

    private void bump(Event existing, PodEventNote note) {
        int count = existing.getCount() == null ? 1 : existing.getCount();
        int next = note.origin() == PodEventNote.Origin.CLOUD ? Math.max(count, note.count()) : count + 1;
        String last = later(existing.getLastTimestamp(), note.lastTimestamp());
        String key = existing.getMetadata().getName();
        if (next == count && last.equals(existing.getLastTimestamp())) {
            written.put(key, count + "|" + last);
            return;
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("count", next);
        patch.put("lastTimestamp", last);
        // resource(existing): fabric8 sends the patch alone (withName(..).patch reads the object first)
        client.v1().events().inNamespace(existing.getMetadata().getNamespace()).resource(existing)
                .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(patch));
        written.put(key, next + "|" + last);
    }

    private Event newEvent(Pod pod, String virtualNode, PodEventNote note, String name, String message) {
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withNewInvolvedObject()
                    .withKind("Pod").withApiVersion("v1")
                    .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(note.type()).withReason(note.reason()).withMessage(message)
                .withCount(Math.max(1, note.count()))
                .withFirstTimestamp(Rfc3339.format(note.firstTimestamp()))
                .withLastTimestamp(Rfc3339.format(note.lastTimestamp()))
                .withNewSource().withComponent(component).withHost(virtualNode).endSource()
                .withReportingComponent(component)
                .withReportingInstance(virtualNode != null ? virtualNode : component)
                .build();
    }

    private static String later(String current, Instant candidate) {
        String c = Rfc3339.format(candidate);
        if (current == null) {
            return c;
        }
        return c != null && Instant.parse(c).isAfter(Instant.parse(current)) ? c : current;
    }

    static String eventName(Pod pod, PodEventNote note) {
        String key = pod.getMetadata().getUid() + "|" + note.origin() + "|" + note.type() + "|" + note.reason() + "|" + note.message();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            String base = pod.getMetadata().getName();
            if (base.length() > 200) {
                base = base.substring(0, 200);
            }
            return base + "." + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
