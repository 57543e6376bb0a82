package io.vnode.localstack;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.contracts.Keys;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Seed 000's nginx Deployment (nodeSelector type=virtual-kubelet + toleration, ACS general-purpose,
 * cpu 2, 2 replicas) on the virtual node: a progress line per state change until every pod is Running
 * with its annotations, a summary table, then deletion. On a cluster (the local control plane or a
 * user's) the Deployment is applied as the seed writes it ({@link #SEED}) and the controllers and the
 * scheduler do the rest; the CRUD server has no controllers, so there the demo creates its pods itself.
 */
public final class Demo {

    static final String DEFAULT_NAMESPACE = "default";
    static final String APP = "nginx";
    /** The seed's file, as users apply it (local-stack/src/main/resources/seeds/). */
    static final String SEED = "000-nginx-by-node-selector.yaml";

    private final KubernetesClient client;
    private final boolean realCluster;
    private final PrintStream out;
    private final String namespace;
    private final Map<String, String> lastLine = new HashMap<>();

    public Demo(KubernetesClient client, boolean realCluster, PrintStream out) {
        this(client, realCluster, out, DEFAULT_NAMESPACE);
    }

    /** A demo in {@code namespace} (which must exist). */
    public Demo(KubernetesClient client, boolean realCluster, PrintStream out, String namespace) {
        this.client = client;
        this.realCluster = realCluster;
        this.out = out;
        this.namespace = namespace;
    }

    /** Runs the demo; returns true when every pod reached Running and was then deleted. */
    public boolean run(Duration timeout, boolean delete) {
        Deployment deployment = seedDeployment();
        int replicas = deployment.getSpec().getReplicas();
        out.println();
        out.println("== demo: " + SEED + ": Deployment " + APP + " (" + replicas + " replicas), nodeSelector type=virtual-kubelet");
        if (realCluster) {
            client.apps().deployments().inNamespace(namespace).resource(deployment).create();
        } else {
            String hash = Integer.toHexString(Math.abs(UUID.randomUUID().hashCode())).substring(0, 5);
            for (int i = 0; i < replicas; i++) {
                client.pods().inNamespace(namespace).resource(podOf(deployment, "nginx-9cdf7bbf9-" + hash + i)).create();
            }
        }
        boolean running = awaitPods(timeout, pods -> pods.size() == replicas && pods.stream().allMatch(Demo::runningWithInstance));
        List<Pod> pods = pods();
        printSummary(pods);
        if (!running) {
            out.println("!! not every pod reached Running with an instance within " + timeout);
        }
        if (!delete) {
            return running;
        }
        out.println();
        out.println("== deleting");
        if (realCluster) {
            client.apps().deployments().inNamespace(namespace).withName(APP).delete();
        } else {
            pods.forEach(p -> client.pods().inNamespace(namespace).withName(p.getMetadata().getName()).delete());
        }
        boolean gone = awaitPods(timeout, List::isEmpty);
        out.println(gone ? "== every pod and its instance is gone" : "!! pods still present after " + timeout);
        return running && gone;
    }

    private boolean awaitPods(Duration timeout, java.util.function.Predicate<List<Pod>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Pod> pods = pods();
            pods.forEach(this::printIfChanged);
            if (done.test(pods)) {
                return true;
            }
            try {
                Thread.sleep(250); // a terminal progress display polls the API, as `kubectl get -w` would watch it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(namespace).withLabel("app", APP).list().getItems();
    }

    private void printIfChanged(Pod pod) {
        Map<String, String> a = annotations(pod);
        String line = String.format("%-26s %-12s node=%-30s ip=%-12s instance=%s",
                pod.getMetadata().getName(),
                pod.getMetadata().getDeletionTimestamp() != null ? "Terminating" : phase(pod),
                Objects.toString(pod.getSpec().getNodeName(), "-"),
                pod.getStatus() == null ? "-" : Objects.toString(pod.getStatus().getPodIP(), "-"),
                instanceId(a));
        if (!line.equals(lastLine.put(pod.getMetadata().getName(), line))) {
            out.printf("  %tT  %s%n", System.currentTimeMillis(), line);
        }
    }

    private void printSummary(List<Pod> pods) {
        out.println();
        out.printf("%-26s %-26s %-10s %-10s %-12s %s%n", "POD", "INSTANCE", "SPEC", "PHASE", "IP", "BILLING START");
        for (Pod p : pods) {
            Map<String, String> a = annotations(p);
            out.printf("%-26s %-26s %-10s %-10s %-12s %s%n", p.getMetadata().getName(), instanceId(a),
                    a.getOrDefault(Keys.ACS_POD_USE_SPEC, a.getOrDefault(Keys.ECI_INSTANCE_SPEC, "-")), phase(p),
                    p.getStatus() == null ? "-" : Objects.toString(p.getStatus().getPodIP(), "-"),
                    a.getOrDefault(Keys.BILLING_START, "-"));
        }
    }

    static boolean runningWithInstance(Pod p) {
        return "Running".equals(phase(p)) && !"-".equals(instanceId(annotations(p)));
    }

    static String phase(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "Pending" : p.getStatus().getPhase();
    }

    static Map<String, String> annotations(Pod p) {
        return p.getMetadata().getAnnotations() == null ? Map.of() : p.getMetadata().getAnnotations();
    }

    static String instanceId(Map<String, String> a) {
        return Objects.requireNonNullElse(Keys.instanceIdOf(a), "-");
    }

    /** Seed 000's Deployment, read from its YAML file. */
    private Deployment seedDeployment() {
        return (Deployment) Seeds.load(client, SEED).get(0);
    }

    /** A pod of the Deployment, as its ReplicaSet would create it. */
    static Pod podOf(Deployment deployment, String name) {
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(deployment.getMetadata().getNamespace());
        meta.setLabels(deployment.getSpec().getTemplate().getMetadata().getLabels());
        return new PodBuilder().withMetadata(meta)
                .editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("nginx-9cdf7bbf9").withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString()).withController(true)
                .endOwnerReference().endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();
    }
}
