package io.vnode.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base image's file tree: {@code /opt/java} (jlink of the modules Spring Boot services use, from the given
 * JDK), every C library the runtime's own libraries load as found by {@code ldd} (AWT's are left out: the services
 * are headless), the dynamic loader, {@code /etc/passwd}, {@code /etc/group} and {@code /etc/hosts}, {@code /tmp}
 * (1777) and the home of user 65532.
 */
final class BaseRootFs {

    /** The modules a Spring Boot WebFlux service with Kafka, fabric8 and the cloud SDK needs at run time. */
    static final List<String> MODULES = List.of("java.base", "java.compiler", "java.desktop", "java.instrument",
            "java.logging", "java.management", "java.naming", "java.net.http", "java.prefs", "java.rmi", "java.scripting",
            "java.security.jgss", "java.security.sasl", "java.sql", "java.transaction.xa", "java.xml", "jdk.crypto.ec",
            "jdk.httpserver", "jdk.jfr", "jdk.management", "jdk.management.jfr", "jdk.net", "jdk.unsupported", "jdk.zipfs");
    /** Native libraries of the runtime that only AWT, sound and fonts load (and their X11 dependencies). */
    private static final Pattern HEADLESS_UNUSED = Pattern.compile("lib(awt.*|fontmanager|jawt|splashscreen|lcms|javajpeg|mlib_image|jsound)\\.so");
    private static final Pattern LDD_PATH = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");

    private BaseRootFs() {
    }

    static Path build(Path work, Path javaHome) throws IOException, InterruptedException {
        Path rootfs = work.resolve("rootfs");
        OciImages.deleteTree(rootfs);
        Files.createDirectories(rootfs.resolve("opt"));
        Path java = rootfs.resolve("opt/java");
        int feature = Runtime.version().feature();
        run(List.of(javaHome.resolve("bin/jlink").toString(), "--add-modules", String.join(",", MODULES),
                "--strip-debug", "--no-header-files", "--no-man-pages", feature >= 21 ? "--compress=zip-6" : "--compress=2",
                "--output", java.toString()), "jlink (does this JDK have its jmods, or a linkable runtime?)");
        for (String lib : libraries(java)) {
            Path target = rootfs.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(lib), target, StandardCopyOption.REPLACE_EXISTING); // follows links: the file itself
        }
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), "root:x:0:\nnonroot:x:65532:\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n",
                StandardCharsets.UTF_8);
        Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(rootfs.resolve("home/nonroot"));
        Files.createDirectories(rootfs.resolve("app"));
        Files.createDirectories(rootfs.resolve("proc"));
        return rootfs;
    }

    /** Absolute paths of the libraries (and loader) the runtime's executable and its headless libraries load. */
    static List<String> libraries(Path java) throws IOException, InterruptedException {
        List<String> objects = new ArrayList<>(List.of(java.resolve("bin/java").toString(),
                java.resolve("lib/server/libjvm.so").toString()));
        try (var libs = Files.list(java.resolve("lib"))) {
            libs.filter(p -> p.getFileName().toString().endsWith(".so"))
                    .filter(p -> !HEADLESS_UNUSED.matcher(p.getFileName().toString()).matches())
                    .forEach(p -> objects.add(p.toString()));
        }
        List<String> command = new ArrayList<>(List.of("ldd"));
        command.addAll(objects);
        String out = run(command, "ldd (the image's C libraries are taken from this machine)");
        TreeSet<String> paths = new TreeSet<>();
        for (String line : out.split("\n")) {
            Matcher m = LDD_PATH.matcher(line.trim());
            if (m.find() && !m.group(1).startsWith(java.toString())) {
                paths.add(m.group(1));
            }
        }
        return List.copyOf(paths);
    }

    private static String run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(what + " failed: " + String.join(" ", command) + "\n" + out);
        }
        return out;
    }
}
