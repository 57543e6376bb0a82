package io.vnode.translator.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.PodRef;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.translator.domain.EciProfile;
import io.vnode.translator.domain.PodTranslator;
import io.vnode.translator.domain.Translation;
import io.vnode.translator.domain.TranslationContext;
import io.vnode.localkube.PodFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Single-thread throughput of {@link PodTranslator#translate} on realistic multi-container pods
 * (app + sidecar + init container, env from ConfigMap/Secret, probes, 2 volumes, pull secret), each
 * with a fresh uid; plus the same with the CreateInstance encoded to JSON (what the stream adds
 * besides Kafka). Not a test: run it with the command in the README. Args: [seconds per round].
 */
public final class TranslatorBench {

    private static volatile Object sink;

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = 4096;
        Pod template = PodFixtures.realisticMultiContainer();
        Pod[] pods = new Pod[n];
        for (int i = 0; i < n; i++) {
            pods[i] = new PodBuilder(template).editMetadata().withUid(UUID.randomUUID().toString())
                    .withName("web-6d4c9b7f8-" + Integer.toString(i, 36)).endMetadata().build();
        }
        TranslationContext ctx = TranslationContext.of("cn-hangzhou", "virtual-kubelet-cn-hangzhou-k",
                new EciProfile(List.of("vsw-a", "vsw-b"), "sg-1", "rg-1"));
        Map<String, String> nsLabels = Map.of("kubernetes.io/metadata.name", "shop");
        if (!(PodTranslator.translate(pods[0], nsLabels, ctx) instanceof Translation.Accepted)) {
            throw new IllegalStateException("the benchmark pod is rejected");
        }
        System.out.printf("pod-translator benchmark: %d distinct pods, 1 thread, %s %s%n", n,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        run("warm-up   translate", pods, nsLabels, ctx, seconds, false);
        run("warm-up   translate+encode", pods, nsLabels, ctx, seconds, true);
        double t = 0;
        double e = 0;
        for (int round = 1; round <= 3; round++) {
            t = Math.max(t, run("round " + round + "   translate", pods, nsLabels, ctx, seconds, false));
            e = Math.max(e, run("round " + round + "   translate+encode", pods, nsLabels, ctx, seconds, true));
        }
        System.out.printf("RESULT translate: %,.0f pods/s; translate + JSON encode: %,.0f pods/s%n", t, e);
    }

    private static double run(String label, Pod[] pods, Map<String, String> ns, TranslationContext ctx, int seconds,
                              boolean encode) {
        PodRef ref = new PodRef("shop", "web", "u");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long count = 0;
        long start = System.nanoTime();
        long bytes = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 256; i++) {
                Pod pod = pods[(int) (count++ & (pods.length - 1))];
                Translation t = PodTranslator.translate(pod, ns, ctx);
                if (encode) {
                    Translation.Accepted a = (Translation.Accepted) t;
                    bytes += EventCodec.encode(new CreateInstance("e", ref, "vk", Instant.EPOCH, 1, null, a.request())).length;
                } else {
                    sink = t;
                }
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = count / secs;
        sink = bytes;
        System.out.printf("%-32s %,12.0f pods/s%n", label, rate);
        return rate;
    }
}
