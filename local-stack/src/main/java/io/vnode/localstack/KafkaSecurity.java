package io.vnode.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A SASL_SSL listener for the local broker, as a managed Kafka offers one: a self-signed certificate for
 * 127.0.0.1 (made with the JDK's keytool: a PKCS12 keystore for the broker and a truststore for clients)
 * and SASL/PLAIN users with random passwords. {@link #clientProperties()} is what every Kafka client
 * needs to connect; {@link #springProperties()} the same as Spring Boot's {@code spring.kafka.properties.*}.
 */
public final class KafkaSecurity {

    public static final String USER = "vnode";

    private final Path keystore;
    private final Path truststore;
    private final String storePassword;
    private final String brokerPassword;
    private final String userPassword;

    private KafkaSecurity(Path keystore, Path truststore, String storePassword, String brokerPassword, String userPassword) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.brokerPassword = brokerPassword;
        this.userPassword = userPassword;
    }

    /** Creates the certificate, keystore and truststore in {@code dir}. */
    public static KafkaSecurity create(Path dir) {
        try {
            Files.createDirectories(dir);
            String password = UUID.randomUUID().toString();
            Path keystore = dir.resolve("broker.p12");
            Path cert = dir.resolve("broker.crt");
            Path truststore = dir.resolve("truststore.p12");
            for (Path p : List.of(keystore, cert, truststore)) {
                Files.deleteIfExists(p);
            }
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-alias", "broker", "-rfc", "-file", cert.toString(),
                    "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(),
                    "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
            return new KafkaSecurity(keystore, truststore, password, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker's listener settings: SASL_SSL for clients and between brokers, PLAINTEXT for the controller. */
    List<String> brokerProperties(int port, int controllerPort) {
        return List.of(
                "listeners=SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_SSL://127.0.0.1:" + port,
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=SASL_SSL",
                "sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"broker\" password=\"" + brokerPassword + "\" user_broker=\"" + brokerPassword
                        + "\" user_" + USER + "=\"" + userPassword + "\";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + keystore,
                "ssl.keystore.password=" + storePassword,
                "ssl.key.password=" + storePassword,
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + truststore,
                "ssl.truststore.password=" + storePassword);
    }

    /** What a Kafka client needs beside bootstrap.servers: SASL_SSL, PLAIN as {@value #USER}, the truststore. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + USER + "\" password=\"" + userPassword + "\";");
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", truststore.toString());
        p.put("ssl.truststore.password", storePassword);
        return p;
    }

    /** {@link #clientProperties()} as Spring Boot properties, which the binder and the services' own clients read. */
    public Map<String, String> springProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        clientProperties().forEach((k, v) -> p.put("spring.kafka.properties." + k, v));
        return p;
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
