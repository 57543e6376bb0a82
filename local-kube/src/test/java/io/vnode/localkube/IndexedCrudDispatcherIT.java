package io.vnode.localkube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The indexed dispatcher answers as the stock one does: one script of creates, gets, lists with
 * selectors, patches, status writes and deletes (names shared across namespaces and kinds on
 * purpose) is run against both, and every answer (names, order, codes) is compared.
 */
class IndexedCrudDispatcherIT {

    static {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    }

    @Test
    void answersAsTheStockDispatcherDoes() throws Exception {
        List<String> stock = script(KubeApiServer.withFieldIndexing(new KubernetesCrudDispatcher()));
        List<String> indexed = script(KubeApiServer.fieldIndexingDispatcher());
        indexed.forEach(line -> System.out.println("[indexed] " + line));
        assertThat(indexed).hasSizeGreaterThan(30).isEqualTo(stock)
                .contains("get b/web-2 b/web-2", "get missing null", "node vk-b [a/web-1, a/web-3, a/web-5]",
                        "events of web-3 [a/web-3.1]", "get deleted null", "b/web-1 still b/web-1");
    }

    @Test
    void storeIndexFollowsCreatesAndDeletes() throws Exception {
        IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            for (int i = 0; i < 50; i++) {
                client.pods().inNamespace("default").resource(pod("p" + i, "vk-a", "web")).create();
            }
            assertThat(dispatcher.size()).isEqualTo(50);
            for (int i = 0; i < 50; i += 2) {
                client.pods().inNamespace("default").withName("p" + i).delete();
            }
            assertThat(dispatcher.size()).isEqualTo(25);
            assertThat(client.pods().inNamespace("default").withName("p0").get()).isNull();
            assertThat(client.pods().inNamespace("default").withName("p1").get()).isNotNull();
            assertThat(client.pods().inNamespace("default").list().getItems()).hasSize(25);
        } finally {
            server.destroy();
        }
    }

    /** As the API server: a JSON patch of pods/status changes status, annotations and labels, never spec. */
    @Test
    void aStatusPatchKeepsItsMetadataAndLeavesSpecAlone() throws Exception {
        IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            // as the API server stores every pod: with a status
            Pod created = client.pods().inNamespace("default").resource(new PodBuilder(pod("p", "vk-a", "web"))
                    .withNewStatus().withPhase("Pending").endStatus().build()).create();
            String version = created.getMetadata().getResourceVersion();
            String patch = "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + version + "\"},"
                    + "{\"op\":\"add\",\"path\":\"/status/phase\",\"value\":\"Running\"},"
                    + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a/b\":\"1\"}},"
                    + "{\"op\":\"replace\",\"path\":\"/spec/nodeName\",\"value\":\"elsewhere\"}]";
            int code = patchStatus(client, "p", patch);
            Pod after = client.pods().inNamespace("default").withName("p").get();
            assertThat(code / 100).isEqualTo(2);
            assertThat(after.getStatus().getPhase()).isEqualTo("Running");
            assertThat(after.getMetadata().getAnnotations()).containsEntry("a/b", "1");
            assertThat(after.getSpec().getNodeName()).isEqualTo("vk-a");

            String stale = patch.replace("/metadata/annotations\",\"value\":{\"a/b\":\"1\"}",
                    "/metadata/annotations/c\",\"value\":\"2\"");
            assertThat(patchStatus(client, "p", stale)).as("resourceVersion precondition").isEqualTo(409);
            String underNothing = fresh(stale, version, after).replace("/metadata/annotations/c", "/metadata/labels/x/y");
            assertThat(patchStatus(client, "p", underNothing)).as("an add under a member that does not exist").isEqualTo(422);
            String fresh = fresh(stale, version, after);
            assertThat(patchStatus(client, "p", fresh) / 100).isEqualTo(2);
            assertThat(client.pods().inNamespace("default").withName("p").get().getMetadata().getAnnotations())
                    .containsEntry("a/b", "1").containsEntry("c", "2");
        } finally {
            server.destroy();
        }
    }

    private static String fresh(String patch, String version, Pod now) {
        return patch.replace("\"value\":\"" + version + "\"", "\"value\":\"" + now.getMetadata().getResourceVersion() + "\"");
    }

    private static int patchStatus(KubernetesClient client, String name, String body) throws Exception {
        io.fabric8.kubernetes.client.http.HttpClient http = client.getHttpClient();
        io.fabric8.kubernetes.client.http.HttpRequest request = http.newHttpRequestBuilder()
                .uri(client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/default/pods/" + name + "/status")
                .method("PATCH", "application/json-patch+json", body).build();
        return http.sendAsync(request, String.class).get(10, java.util.concurrent.TimeUnit.SECONDS).code();
    }

    @Test
    void listsInChunksInKeyOrderAndAChangeBetweenPagesShiftsNothing() throws Exception {
        IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            List<String> expected = new ArrayList<>();
            for (String ns : List.of("b", "a")) {
                for (int i = 0; i < 25; i++) {
                    client.pods().inNamespace(ns).resource(pod("p" + i, "vk-a", "web")).create();
                    expected.add(ns + "/p" + i);
                }
            }
            expected.sort(null);

            List<String> listed = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                var page = client.pods().inAnyNamespace().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                        .withLimit(7L).withContinue(next).build());
                assertThat(page.getItems()).hasSizeLessThanOrEqualTo(7);
                page.getItems().forEach(p -> listed.add(name(p)));
                if (pages == 0) {
                    // written between pages: one already listed is deleted, one not yet listed is deleted,
                    // one is added after the cursor; nothing else may be skipped or listed twice
                    client.pods().inNamespace("a").withName("p0").delete();
                    client.pods().inNamespace("b").withName("p5").delete();
                    client.pods().inNamespace("b").resource(pod("p99", "vk-a", "web")).create();
                }
                next = page.getMetadata().getContinue();
                pages++;
            } while (next != null && !next.isEmpty());

            expected.remove("b/p5");
            expected.add("b/p99");
            expected.sort(null);
            assertThat(listed).isEqualTo(expected);
            assertThat(pages).isEqualTo(8);
            assertThat(names(client.pods().inNamespace("a").withLabel("app", "web").list(
                    new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(3L).build())))
                    .isEqualTo("[a/p1, a/p10, a/p11]");
            assertThat(client.pods().inAnyNamespace().list().getItems()).hasSize(49); // 50 - a/p0 - b/p5 + b/p99
        } finally {
            server.destroy();
        }
    }

    /**
     * A watcher that stops reading, then goes away with events still queued for it: the server must
     * go on answering (the stock close waits on the event loop for sends that need the event loop:
     * 30-60 s of a frozen server per close).
     */
    @Test
    void aWatcherThatStopsReadingAndLeavesDoesNotFreezeTheServer() throws Exception {
        IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
            java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://" + server.getHostName() + ":" + server.getPort()
                            + "/api/v1/namespaces/default/pods?watch=true"), new java.net.http.WebSocket.Listener() {
                        @Override
                        public void onOpen(java.net.http.WebSocket webSocket) {
                            opened.countDown(); // and never request a message: the socket is not read
                        }
                    }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(opened.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String big = "x".repeat(64 * 1024);
            for (int i = 0; i < 400; i++) { // ~25 MiB of events: more than the socket buffers hold
                client.pods().inNamespace("default").resource(new PodBuilder(pod("w" + i, "vk-a", "web"))
                        .editMetadata().addToAnnotations("big", big).endMetadata().build()).create();
            }
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye"); // and still not reading
            long start = System.nanoTime();
            int n = 0;
            do { // the server answers while it closes the watch, and the watch is gone
                assertThat(client.pods().inNamespace("default").withName("w1").get()).isNotNull();
                client.pods().inNamespace("default").resource(pod("after-" + n++, "vk-a", "web")).create();
            } while (dispatcher.watches() > 0 && System.nanoTime() - start < 20_000_000_000L);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(dispatcher.watches()).isZero();
            assertThat(millis).as("ms until the watch was closed, answering meanwhile").isLessThan(5_000);
        } finally {
            server.destroy();
        }
    }

    private static List<String> script(KubernetesCrudDispatcher dispatcher) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        List<String> out = new ArrayList<>();
        try (KubernetesClient client = server.createClient()) {
            for (String ns : List.of("a", "b")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
            }
            for (int i = 0; i < 6; i++) {
                client.pods().inNamespace("a").resource(pod("web-" + i, i % 2 == 0 ? "vk-a" : "vk-b", i < 3 ? "web" : "db")).create();
                client.pods().inNamespace("b").resource(pod("web-" + i, "vk-a", "web")).create();
                client.configMaps().inNamespace("a").resource(new ConfigMapBuilder().withNewMetadata().withName("web-" + i)
                        .endMetadata().addToData("k", "v" + i).build()).create();
                client.v1().events().inNamespace("a").resource(new EventBuilder().withNewMetadata().withName("web-" + i + ".1")
                        .endMetadata().withNewInvolvedObject().withKind("Pod").withName("web-" + i).withNamespace("a").endInvolvedObject()
                        .withReason("Created").build()).create();
            }
            out.add(attempt("create again", () -> client.pods().inNamespace("a").resource(pod("web-1", "vk-a", "web")).create().getMetadata().getName()));
            out.add("get a/web-2 " + name(client.pods().inNamespace("a").withName("web-2").get()));
            out.add("get b/web-2 " + name(client.pods().inNamespace("b").withName("web-2").get()));
            out.add("get missing " + name(client.pods().inNamespace("a").withName("nope").get()));
            out.add("get cm a/web-2 " + client.configMaps().inNamespace("a").withName("web-2").get().getData());
            out.add("list a " + names(client.pods().inNamespace("a").list()));
            out.add("list all " + names(client.pods().inAnyNamespace().list()));
            out.add("list cms " + names(client.configMaps().inAnyNamespace().list()));
            out.add("list empty ns " + names(client.pods().inNamespace("c").list()));
            out.add("label app=db " + names(client.pods().inAnyNamespace().withLabel("app", "db").list()));
            out.add("label app!=db " + names(client.pods().inNamespace("a").withLabelNotIn("app", "db").list()));
            out.add("node vk-b " + names(client.pods().inAnyNamespace().withField("spec.nodeName", "vk-b").list()));
            out.add("events of web-3 " + names(client.v1().events().inNamespace("a").withField("involvedObject.name", "web-3").list()));
            out.add("name field " + names(client.pods().inNamespace("a").withField("metadata.name", "web-4").list()));

            Pod patched = client.pods().inNamespace("a").withName("web-3")
                    .edit(p -> new PodBuilder(p).editMetadata().addToAnnotations("x", "1").endMetadata().build());
            out.add("patched " + patched.getMetadata().getAnnotations());
            client.pods().inNamespace("a").withName("web-3").editStatus(p -> new PodBuilder(p).editOrNewStatus().withPhase("Running").endStatus().build());
            out.add("phase " + client.pods().inNamespace("a").withName("web-3").get().getStatus().getPhase());
            out.add("list a after patch " + names(client.pods().inNamespace("a").list()));
            out.add(attempt("stale update", () -> client.pods().inNamespace("a").resource(new PodBuilder(pod("web-3", "vk-a", "web"))
                    .editMetadata().withResourceVersion("1").endMetadata().build()).update().getMetadata().getName()));

            out.add("delete a/web-1 " + client.pods().inNamespace("a").withName("web-1").delete().size());
            out.add("delete again " + client.pods().inNamespace("a").withName("web-1").delete().size());
            out.add("get deleted " + name(client.pods().inNamespace("a").withName("web-1").get()));
            out.add("b/web-1 still " + name(client.pods().inNamespace("b").withName("web-1").get()));
            out.add("cm a/web-1 still " + name(client.configMaps().inNamespace("a").withName("web-1").get()));

            client.pods().inNamespace("a").resource(new PodBuilder(pod("fin", "vk-a", "web")).editMetadata()
                    .addToFinalizers("x/y").endMetadata().build()).create();
            client.pods().inNamespace("a").withName("fin").delete();
            Pod marked = client.pods().inNamespace("a").withName("fin").get();
            out.add("finalized kept " + name(marked) + " marked " + (marked.getMetadata().getDeletionTimestamp() != null));
            client.pods().inNamespace("a").withName("fin").edit(p -> new PodBuilder(p).editMetadata().withFinalizers().endMetadata().build());
            out.add("finalizer removed " + name(client.pods().inNamespace("a").withName("fin").get()));

            client.pods().inNamespace("a").resource(pod("web-1", "vk-b", "db")).create();
            out.add("re-created list a " + names(client.pods().inNamespace("a").list()));
            out.add("re-created on vk-b " + names(client.pods().inNamespace("a").withField("spec.nodeName", "vk-b").list()));
            out.add("delete all in b " + client.pods().inNamespace("b").delete().size());
            out.add("list b " + names(client.pods().inNamespace("b").list()));
            out.add("list all end " + names(client.pods().inAnyNamespace().list()));
            out.add("namespaces " + names(client.namespaces().list()));
        } finally {
            server.destroy();
        }
        return out;
    }

    static Pod pod(String name, String node, String app) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .build();
    }

    private static String name(HasMetadata o) {
        return o == null ? "null" : o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static String names(KubernetesResourceList<? extends HasMetadata> list) {
        return list.getItems().stream().map(IndexedCrudDispatcherIT::name).toList().toString();
    }

    private static String attempt(String what, java.util.concurrent.Callable<String> call) {
        try {
            return what + " ok " + call.call();
        } catch (KubernetesClientException e) {
            return what + " " + e.getCode();
        } catch (Exception e) {
            return what + " " + e.getClass().getSimpleName();
        }
    }
}
