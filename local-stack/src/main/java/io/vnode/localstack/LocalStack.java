package io.vnode.localstack;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.emulator.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh}: starts the whole stack on this machine without Docker, prints where each
 * part is, runs the demo, and stops everything. {@code --keep} leaves the stack up (for kubectl)
 * until Ctrl-C; {@code --no-demo} skips the demo; {@code --instant} makes the emulated cloud
 * provision at once instead of in realistic seconds.
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
        Stack.Options options = new Stack.Options(defaults.repoRoot(), defaults.workDir(), defaults.kafkaPort(),
                defaults.kubePort(), defaults.emulatorPort(), defaults.firstServicePort(), defaults.kubeletPort(),
                flags.contains("--instant") ? Timing.instant() : Timing.realistic(), null,
                defaults.externalKubeconfig(), Map.of());

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
                ok = new Demo(client, options.externalKubeconfig() != null, System.out).run(2, Duration.ofMinutes(3), !keep);
            }
        }
        if (keep) {
            System.out.println("== stack left running (--keep); Ctrl-C stops everything");
            stopped.await();
            return;
        }
        System.exit(ok ? 0 : 1);
    }
}
