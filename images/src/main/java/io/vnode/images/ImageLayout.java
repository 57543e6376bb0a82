package io.vnode.images;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * An image as one tar file: an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/...})
 * plus the docker archive's {@code manifest.json} over the same blobs.
 */
final class ImageLayout {

    static final String USER = "65532:65532";
    static final List<String> ENTRYPOINT = List.of("/opt/java/bin/java", "-XX:MaxRAMPercentage=75",
            "-Djava.io.tmpdir=/tmp", "-jar", "/app/app.jar");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ImageLayout() {
    }

    static void write(Path image, String repository, String tag, List<Layer> layers) throws IOException {
        byte[] config = JSON.writeValueAsBytes(config(repository, tag, layers));
        String configDigest = digest(config);
        byte[] manifest = JSON.writeValueAsBytes(manifest(configDigest, config.length, layers));
        String manifestDigest = digest(manifest);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        Map<String, Object> ref = descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifest.length);
        ref.put("annotations", Map.of("org.opencontainers.image.ref.name", tag,
                "io.containerd.image.name", "docker.io/" + repository + ":" + tag));
        index.put("manifests", List.of(ref));
        List<String> layerPaths = layers.stream().map(l -> blobPath(l.digest())).toList();
        List<Map<String, Object>> docker = List.of(Map.of("Config", blobPath(configDigest),
                "RepoTags", List.of(repository + ":" + tag), "Layers", layerPaths));

        Path partial = image.resolveSibling(image.getFileName() + ".partial");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
            put(tar, "index.json", JSON.writeValueAsBytes(index));
            put(tar, "manifest.json", JSON.writeValueAsBytes(docker));
            directory(tar, "blobs/");
            directory(tar, "blobs/sha256/");
            put(tar, blobPath(configDigest), config);
            put(tar, blobPath(manifestDigest), manifest);
            for (Layer l : layers) {
                TarArchiveEntry e = entry(blobPath(l.digest()), 0100644);
                e.setSize(l.compressedSize());
                tar.putArchiveEntry(e);
                try (InputStream in = Files.newInputStream(l.blob())) {
                    in.transferTo(tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        Files.move(partial, image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, Object> config(String repository, String tag, List<Layer> layers) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("User", USER);
        c.put("Env", List.of("PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java", "LANG=C.UTF-8"));
        c.put("Entrypoint", ENTRYPOINT);
        c.put("WorkingDir", "/app");
        c.put("Labels", Map.of("org.opencontainers.image.title", repository, "org.opencontainers.image.version", tag));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", "1970-01-01T00:00:00Z");
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", c);
        config.put("rootfs", Map.of("type", "layers", "diff_ids", layers.stream().map(Layer::diffId).toList()));
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(Map.of("created", "1970-01-01T00:00:00Z", "created_by", "vnode images: Java runtime (jlink), C libraries, user 65532"));
        history.add(Map.of("created", "1970-01-01T00:00:00Z", "created_by", "vnode images: /app/app.jar"));
        config.put("history", history);
        return config;
    }

    private static Map<String, Object> manifest(String configDigest, long configSize, List<Layer> layers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.put("config", descriptor("application/vnd.oci.image.config.v1+json", configDigest, configSize));
        m.put("layers", layers.stream().map(l -> descriptor("application/vnd.oci.image.layer.v1.tar+gzip", l.digest(),
                l.compressedSize())).toList());
        return m;
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    static String blobPath(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static String digest(byte[] bytes) {
        MessageDigest d = Layer.sha256();
        d.update(bytes);
        return "sha256:" + Layer.hex(d);
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = entry(name, 0100644);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(entry(name, 040755));
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        e.setModTime(0);
        return e;
    }
}
