package io.vnode.images;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One image layer: a tar of files, gzipped, with the digests an image needs ({@code diffId} of the tar,
 * {@code digest} of the gzip). Reproducible: entries sorted, owner root (the home of 65532 owned by it), times at
 * the epoch, gzip without a name or time, so the same files give the same digests.
 */
record Layer(Path blob, String digest, String diffId, long compressedSize) {

    private static final String NONROOT_HOME = "home/nonroot";

    /** A layer of everything under {@code root}, at the same paths from {@code /}. */
    static Layer of(Path root, Path blob) throws IOException {
        List<Path> paths;
        try (var walk = Files.walk(root)) {
            paths = walk.filter(p -> !p.equals(root)).sorted().toList();
        }
        return write(blob, tar -> {
            for (Path p : paths) {
                String name = root.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                    e.setMode(0120777);
                    e.setIds(0, 0);
                    e.setNames("root", "root");
                    e.setModTime(0);
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry e = entry(name + "/", mode(p) | 040000, 0);
                    if (name.equals(NONROOT_HOME)) {
                        e.setIds(65532, 65532);
                    }
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                } else {
                    tar.putArchiveEntry(entry(name, mode(p) | 0100000, Files.size(p)));
                    try (InputStream in = Files.newInputStream(p)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                }
            }
        });
    }

    /** A layer of one file at {@code pathInImage} (mode 0644), under directories of mode 0755. */
    static Layer ofFile(Path file, String pathInImage, Path blob) throws IOException {
        return write(blob, tar -> {
            String[] parts = pathInImage.split("/");
            StringBuilder dir = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                dir.append(parts[i]).append('/');
                tar.putArchiveEntry(entry(dir.toString(), 040755, 0));
                tar.closeArchiveEntry();
            }
            tar.putArchiveEntry(entry(pathInImage, 0100644, Files.size(file)));
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
        });
    }

    private interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static Layer write(Path blob, Entries entries) throws IOException {
        Files.createDirectories(blob.getParent());
        MessageDigest compressed = sha256();
        MessageDigest uncompressed = sha256();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(blob), 1 << 16);
             DigestOutputStream gzDigest = new DigestOutputStream(file, compressed);
             GZIPOutputStream gzip = new GZIPOutputStream(gzDigest, 1 << 16);
             DigestOutputStream tarDigest = new DigestOutputStream(gzip, uncompressed);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(tarDigest)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            entries.write(tar);
            tar.finish();
        }
        return new Layer(blob, "sha256:" + hex(compressed), "sha256:" + hex(uncompressed), Files.size(blob));
    }

    private static TarArchiveEntry entry(String name, int mode, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        e.setSize(size);
        e.setIds(0, 0);
        e.setNames("root", "root");
        e.setModTime(0);
        return e;
    }

    private static int mode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission perm : perms) {
            mode |= 1 << (8 - perm.ordinal()); // OWNER_READ is bit 8 ... OTHERS_EXECUTE bit 0
        }
        if (p.getFileName() != null && p.getFileName().toString().equals("tmp") && Files.isDirectory(p)) {
            mode |= 01000; // sticky, as /tmp is
        }
        return mode;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }
}
