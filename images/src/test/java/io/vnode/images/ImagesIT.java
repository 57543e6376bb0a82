package io.vnode.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The images the build wrote: each a valid OCI layout (every blob's digest its name, the config's diff_ids the
 * layers' tar digests) named as the chart and docker-compose.yml name them; and the emulator's image, unpacked,
 * runs its entrypoint as user 65532 in a chroot and answers its health check.
 */
class ImagesIT {

    static final List<String> SERVICES = List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler");
    static final Path DIR = Path.of(System.getProperty("images.dir", "target/images"));
    static final String VERSION = System.getProperty("images.version", "0.1.0");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    static final Path CHROOT = Path.of("/usr/sbin/chroot");

    /** What one image tar holds: its small files by name, and each layer's digests. */
    record Image(Map<String, byte[]> files, Map<String, String> blobDigests, Map<String, String> layerDiffIds) {
        JsonNode json(String name) {
            return JSON.readTree(files.get(name));
        }
    }

    @BeforeAll
    static void built() {
        assumeFalse(Boolean.getBoolean("images.skip"), "images.skip=true: no image was built");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node-agent", "pod-translator", "cloud-executor", "status-reconciler", "eci-emulator"})
    void eachImageIsAValidLayoutNamedForTheModule(String module) throws Exception {
        Image image = read(DIR.resolve(module + "-" + VERSION + ".tar"));

        assertThat(image.blobDigests()).allSatisfy((path, digest) ->
                assertThat("blobs/sha256/" + digest.substring("sha256:".length())).as("digest of %s", path).isEqualTo(path));
        JsonNode ref = image.json("index.json").path("manifests").get(0);
        assertThat(ref.path("annotations").path("io.containerd.image.name").asString())
                .isEqualTo("docker.io/vnode/" + module + ":" + VERSION);
        assertThat(ref.path("annotations").path("org.opencontainers.image.ref.name").asString()).isEqualTo(VERSION);
        JsonNode manifest = image.json(ImageLayout.blobPath(ref.path("digest").asString()));
        JsonNode config = image.json(ImageLayout.blobPath(manifest.path("config").path("digest").asString()));
        assertThat(config.path("config").path("User").asString()).isEqualTo("65532:65532");
        assertThat(config.path("config").path("Entrypoint").toString()).contains("/opt/java/bin/java", "-jar", "/app/app.jar");
        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(l -> layers.add(l.path("digest").asString()));
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asString()));
        assertThat(layers).hasSize(2);
        assertThat(diffIds).containsExactly(image.layerDiffIds().get(layers.get(0)), image.layerDiffIds().get(layers.get(1)));
        JsonNode docker = image.json("manifest.json").get(0);
        assertThat(docker.path("RepoTags").get(0).asString()).isEqualTo("vnode/" + module + ":" + VERSION);
        assertThat(docker.path("Config").asString()).isEqualTo(ImageLayout.blobPath(manifest.path("config").path("digest").asString()));
    }

    @Test
    void everyImageSharesOneBaseLayerAndTheChartAndComposeNameThem() throws Exception {
        Set<String> bases = new java.util.HashSet<>();
        for (String module : List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler", "eci-emulator")) {
            Image image = read(DIR.resolve(module + "-" + VERSION + ".tar"));
            JsonNode ref = image.json("index.json").path("manifests").get(0);
            bases.add(image.json(ImageLayout.blobPath(ref.path("digest").asString())).path("layers").get(0).path("digest").asString());
        }
        assertThat(bases).hasSize(1);

        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, Object> values = new Yaml().load(Files.readString(repo.resolve("helm/vnode/values.yaml")));
        Map<String, Object> chart = new Yaml().load(Files.readString(repo.resolve("helm/vnode/Chart.yaml")));
        assertThat(chart.get("appVersion")).isEqualTo(VERSION);
        Map<String, String> keys = Map.of("node-agent", "nodeAgent", "pod-translator", "podTranslator",
                "cloud-executor", "cloudExecutor", "status-reconciler", "statusReconciler");
        for (String module : SERVICES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> image = (Map<String, Object>) ((Map<String, Object>) values.get(keys.get(module))).get("image");
            assertThat(image.get("repository")).as("chart image of %s", module).isEqualTo("vnode/" + module);
            assertThat(image.get("tag")).as("chart tag of %s (empty: appVersion)", module).isEqualTo("");
        }
        String compose = Files.readString(repo.resolve("docker-compose.yml"));
        for (String module : List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler", "eci-emulator")) {
            assertThat(compose).contains("image: vnode/" + module + ":" + VERSION);
        }
    }

    @Test
    void theEmulatorImageRunsItsEntrypointAsUser65532() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(UNSHARE) && Files.isExecutable(CHROOT)
                        && new ProcessBuilder(UNSHARE.toString(), "--mount", "--pid", "--fork", "true").start().waitFor() == 0,
                "running an unpacked image needs root, chroot and unshare with mount and pid namespaces");
        Path rootfs = Files.createTempDirectory("vnode-image-rootfs");
        Files.setPosixFilePermissions(rootfs, permissions(0755)); // "/" as a runtime makes it (a temp dir is 0700)
        Image image = read(DIR.resolve("eci-emulator-" + VERSION + ".tar"));
        JsonNode ref = image.json("index.json").path("manifests").get(0);
        JsonNode manifest = image.json(ImageLayout.blobPath(ref.path("digest").asString()));
        JsonNode config = image.json(ImageLayout.blobPath(manifest.path("config").path("digest").asString())).path("config");
        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(l -> layers.add(l.path("digest").asString()));
        unpackLayers(DIR.resolve("eci-emulator-" + VERSION + ".tar"), layers, rootfs);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // as a container runtime runs it: its own mount and pid namespaces with /proc, the image as /, its user,
        // its environment, its entrypoint and the container's arguments
        List<String> command = new ArrayList<>(List.of(UNSHARE.toString(), "--mount", "--pid", "--fork",
                "--mount-proc=" + rootfs.resolve("proc"), CHROOT.toString(), "--userspec=" + config.path("User").asString(),
                rootfs.toString()));
        config.path("Entrypoint").forEach(a -> command.add(a.asString()));
        command.add("--server.port=" + port);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(rootfs.resolveSibling(rootfs.getFileName() + ".log").toFile());
        pb.environment().clear();
        config.path("Env").forEach(e -> {
            String[] kv = e.asString().split("=", 2);
            pb.environment().put(kv[0], kv[1]);
        });
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                assertThat(p.isAlive()).as("the container's process; log %s.log", rootfs).isTrue();
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\"");
            });
            long pid = p.toHandle().descendants().filter(h -> h.info().command().orElse("").endsWith("/opt/java/bin/java"))
                    .findFirst().orElseThrow().pid();
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:")).findFirst())
                    .hasValueSatisfying(l -> assertThat(l.split("\\s+")[1]).isEqualTo("65532"));
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            OciImages.deleteTree(rootfs);
        }
    }

    private static final Map<Path, Image> READ = new java.util.concurrent.ConcurrentHashMap<>();

    /** An image tar as {@link #readOnce} found it (each is read once for all the tests). */
    static Image read(Path tarFile) throws IOException {
        try {
            return READ.computeIfAbsent(tarFile, f -> {
                try {
                    return readOnce(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Reads an image tar in one pass: small files kept, every blob's sha256, and each gzip layer's tar sha256. */
    static Image readOnce(Path tarFile) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        Map<String, String> blobs = new HashMap<>();
        Map<String, String> diffIds = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarFile))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                if (e.getSize() < (1 << 16)) {
                    byte[] bytes = tar.readAllBytes();
                    files.put(e.getName(), bytes);
                    if (e.getName().startsWith("blobs/")) {
                        MessageDigest d = Layer.sha256();
                        d.update(bytes);
                        blobs.put(e.getName(), "sha256:" + Layer.hex(d));
                    }
                    continue;
                }
                MessageDigest compressed = Layer.sha256();
                MessageDigest uncompressed = Layer.sha256();
                try (InputStream in = new DigestInputStream(new GZIPInputStream(new DigestInputStream(
                        nonClosing(tar), compressed), 1 << 16), uncompressed)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                String digest = "sha256:" + Layer.hex(compressed);
                blobs.put(e.getName(), digest);
                diffIds.put(digest, "sha256:" + Layer.hex(uncompressed));
            }
        }
        return new Image(files, blobs, diffIds);
    }

    /** Applies the image's layers, in order, to {@code rootfs}: directories, files with their modes, symlinks. */
    static void unpackLayers(Path tarFile, List<String> layers, Path rootfs) throws IOException {
        for (String layer : layers) {
            try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tarFile))) {
                TarArchiveEntry e;
                while ((e = outer.getNextEntry()) != null) {
                    if (!e.getName().equals(ImageLayout.blobPath(layer))) {
                        continue;
                    }
                    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(nonClosing(outer), 1 << 16))) {
                        TarArchiveEntry f;
                        while ((f = tar.getNextEntry()) != null) {
                            Path target = rootfs.resolve(f.getName()).normalize();
                            if (!target.startsWith(rootfs)) {
                                throw new IOException("layer entry outside the root: " + f.getName());
                            }
                            if (f.isDirectory()) {
                                Files.createDirectories(target);
                            } else if (f.isSymbolicLink()) {
                                Files.createDirectories(target.getParent());
                                Files.createSymbolicLink(target, Path.of(f.getLinkName()));
                                continue;
                            } else {
                                Files.createDirectories(target.getParent());
                                Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            }
                            Files.setPosixFilePermissions(target, permissions(f.getMode()));
                        }
                    }
                    break;
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(all[i]);
            }
        }
        return perms;
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
