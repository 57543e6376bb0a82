package io.vnode.localstack;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.emulator.Timing;
import io.vnode.localkube.KubeControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh}: starts the whole stack on this machine without Docker, prints where each
 * part is, runs the demo, and stops everything. {@code --keep} leaves the stack up (for kubectl)
 * until Ctrl-C; {@code --no-demo} skips the demo; {@code --instant} makes the emulated cloud
 * provision at once instead of in realistic seconds; {@code --crud} runs on the CRUD stand-in instead of
 * the real control plane.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args);
        boolean keep = flags.contains("--keep");
        boolean demo = !flags.contains("--no-demo");
        Path root = Path.of(System.getProperty("vnode.repo", ".")).toAbsolutePath().normalize();
        Stack.Options defaults = Stack.Options.local(root);
        Stack.KubeSource kube = flags.contains("--crud") ? Stack.KubeSource.CRUD : Stack.KubeSource.CONTROL_PLANE;
        if (kube == Stack.KubeSource.CONTROL_PLANE && defaults.externalKubeconfig() == null) {
            kube = controlPlaneOrCrud(root);
        }
        Stack.Options options = new Stack.Options(defaults.repoRoot(), defaults.workDir(), defaults.kafkaPort(),
                defaults.kubePort(), defaults.emulatorPort(), defaults.firstServicePort(), defaults.kubeletPort(),
                flags.contains("--instant") ? Timing.instant() : Timing.realistic(), null,
                defaults.externalKubeconfig(), Map.of(), kube);

        System.out.println("== starting the vnode stack (no Docker) in " + options.workDir());
        long t0 = System.nanoTime();
        Stack stack = Stack.start(options, line -> System.out.println("  " + line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\n== stopping the stack");
            stack.close();
            stopped.countDown();
        }, "stack-stop"));
        System.out.printf("== stack up in %.1f s; kubectl: export KUBECONFIG=%s%n", (System.nanoTime() - t0) / 1e9, stack.kubeconfig());

        boolean ok = true;
        if (demo) {
            try (KubernetesClient client = stack.kubeClient()) {
                ok = new Demo(client, options.kubeconfigBased(), System.out).run(Duration.ofMinutes(3), !keep);
            }
        }
        if (keep) {
            System.out.println("== stack left running (--keep); Ctrl-C stops everything");
            stopped.await();
            return;
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * The control plane's binary, built now if its cache lacks it; without a Go toolchain the stack runs
     * on the CRUD server instead, and says what that costs. A failed build stops the launcher.
     */
    private static Stack.KubeSource controlPlaneOrCrud(Path root) {
        try {
            KubeControlPlane.binary(root, line -> System.out.println("  " + line));
            return Stack.KubeSource.CONTROL_PLANE;
        } catch (KubeControlPlane.BuildFailed e) {
            if (!e.noToolchain()) {
                throw e;
            }
            System.out.println("!! no Go toolchain: the stack runs on fabric8's CRUD server instead of a real control plane.");
            System.out.println("!! There is no scheduler, no controllers, no admission webhooks and no RBAC: the demo creates");
            System.out.println("!! the Deployment's pods itself and node-agent's local binder places them; kubectl get -w,");
            System.out.println("!! logs and most of describe do not work. Install Go 1.26 for the real thing.");
            return Stack.KubeSource.CRUD;
        }
    }
}
