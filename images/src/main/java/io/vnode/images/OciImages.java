package io.vnode.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code <out>/<module>-<version>.tar} for each {@code module=jar} argument: an OCI image layout named
 * {@code vnode/<module>:<version>} (and a docker {@code manifest.json}, so {@code docker load}, {@code podman load},
 * {@code ctr images import} and {@code kind load image-archive} take it). Two layers: the base (a Java runtime
 * linked by jlink from this JVM's JDK, the C libraries it needs, {@code /etc/passwd} with user 65532, {@code /tmp}),
 * the same in every image; and the module's Spring Boot jar at {@code /app/app.jar}. The entrypoint runs it as
 * user 65532; arguments given to the container are passed to the application.
 *
 * <p>Usage: {@code OciImages <out> <version> <work> <module>=<jar>...}
 */
public final class OciImages {

    private OciImages() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: OciImages <out> <version> <work> <module>=<jar>...");
        }
        Path out = Path.of(args[0]);
        String version = args[1];
        Path work = Path.of(args[2]);
        Map<String, Path> jars = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            Path jar = Path.of(kv[1]);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("no jar for " + kv[0] + " at " + jar + ": package the module first");
            }
            jars.put(kv[0], jar);
        }
        long start = System.nanoTime();
        Files.createDirectories(out);
        Path rootfs = BaseRootFs.build(work, Path.of(System.getProperty("java.home")));
        Layer base = Layer.of(rootfs, work.resolve("base-layer"));
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, Path> e : jars.entrySet()) {
            Layer app = Layer.ofFile(e.getValue(), "app/app.jar", work.resolve(e.getKey() + "-layer"));
            Path image = out.resolve(e.getKey() + "-" + version + ".tar");
            ImageLayout.write(image, "vnode/" + e.getKey(), version, List.of(base, app));
            written.add(image + " (" + Files.size(image) / (1 << 20) + " MiB)");
        }
        System.out.printf("images: %d written in %.1f s, base layer %d MiB:%n  %s%n", written.size(),
                (System.nanoTime() - start) / 1e9, base.compressedSize() / (1 << 20), String.join("\n  ", written));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
