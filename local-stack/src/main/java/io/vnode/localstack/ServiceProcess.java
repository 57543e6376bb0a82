package io.vnode.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the four services as its own JVM, from its executable jar ({@code <module>/target/<module>-<version>.jar}),
 * configured by command-line properties, logging to a file. Ready when its actuator readiness group says UP.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** System property: the services' maximum heap (default 384m). */
    public static final String HEAP = "vnode.service.heap";
    /** System property: more JVM flags for every service, space-separated; {@code {name}} is the service's name. */
    public static final String JVM_FLAGS = "vnode.service.jvm-flags";

    private final String name;
    private final int port;
    private final Path log;
    private volatile Process process;
    private final List<String> command;
    private final Map<String, String> environment;
    /** The client that asks for readiness: plain, or trusting the CA that signed the service's certificate. */
    private final HttpClient http;
    private final String scheme;

    private ServiceProcess(String name, int port, Path log, List<String> command, Map<String, String> environment, Path trustedCa) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.command = command;
        this.environment = environment;
        this.http = trustedCa == null ? HTTP : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(sslTrusting(trustedCa)).build();
        this.scheme = trustedCa == null ? "http" : "https";
    }

    private static javax.net.ssl.SSLContext sslTrusting(Path caPem) {
        try (var in = Files.newInputStream(caPem)) {
            var ca = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            var trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            var ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caPem, e);
        }
    }

    /** Starts the service over plain HTTP; call {@link #awaitReady(Duration)} next. */
    public static ServiceProcess start(Path repoRoot, String module, int port, Map<String, String> properties,
                                       Map<String, String> environment, Path logDir) {
        return start(repoRoot, module, port, properties, environment, logDir, null);
    }

    /** Starts the service; with {@code trustedCa} it serves HTTPS with a certificate that CA signed. */
    public static ServiceProcess start(Path repoRoot, String module, int port, Map<String, String> properties,
                                       Map<String, String> environment, Path logDir, Path trustedCa) {
        return start(repoRoot, module, module, port, properties, environment, logDir, trustedCa);
    }

    /** Starts one replica of {@code module}, named {@code name} (its log is {@code <name>.log}). */
    public static ServiceProcess start(Path repoRoot, String module, String name, int port, Map<String, String> properties,
                                       Map<String, String> environment, Path logDir, Path trustedCa) {
        Path jar = jarOf(repoRoot, module);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: measured on 2 cores, C2's compiling cost more CPU than it saved in a 2,000-pod run (26 vs 38-49 pods/s)
                "-Xmx" + System.getProperty(HEAP, "384m"), "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+ExitOnOutOfMemoryError"));
        String flags = System.getProperty(JVM_FLAGS, "").trim();
        if (!flags.isEmpty()) {
            for (String flag : flags.split("\\s+")) {
                cmd.add(flag.replace("{name}", name));
            }
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        ServiceProcess service = new ServiceProcess(name, port, logDir.resolve(name + ".log"), cmd, environment, trustedCa);
        service.launch();
        return service;
    }

    static Path jarOf(Path repoRoot, String module) {
        Path target = repoRoot.resolve(module).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(module + "-[0-9.]+(-exec)?\\.jar"))
                    .filter(ServiceProcess::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar of " + module + " in " + target
                            + ": build it first (./mvnw -DskipTests package)"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": build the project first (./mvnw -DskipTests package)", e);
        }
    }

    private static boolean isExecutable(Path jar) {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/") != null || zip.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private void launch() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until GET /actuator/health/readiness answers 200, or fails with the log's tail. */
    public ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI readiness = URI.create(url() + "/actuator/health/readiness");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log tail:\n" + tail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; log tail:\n" + tail(40));
    }

    /** SIGKILL: the process gets no chance to commit or flush anything. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the same command again (after {@link #kill()}). */
    public ServiceProcess restart() {
        launch();
        return this;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http(s)://127.0.0.1:<port>}. */
    public String url() {
        return scheme + "://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
