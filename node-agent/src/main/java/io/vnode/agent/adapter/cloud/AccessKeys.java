package io.vnode.agent.adapter.cloud;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AccessKey for the next cloud call: from a Kubernetes Secret (keys {@code access-key-id} and
 * {@code access-key-secret} by default), read again once {@code ttl} passed so that a rotated key is used
 * without a restart; when the Secret is absent or unreadable, the configured key (the environment).
 * Thread-safe. Never logs a key.
 */
public class AccessKeys {

    private static final Logger LOG = LoggerFactory.getLogger(AccessKeys.class);

    /** An AccessKey pair; {@link #toString()} shows the id only. */
    public record AccessKey(String id, String secret) {
        @Override
        public String toString() {
            return "AccessKey[" + id + "]";
        }
    }

    /**
     * @param secretNamespace blank: no Secret, only the configured key
     * @param ttl how long a key read from the Secret is used before the Secret is read again
     */
    public record Source(String secretNamespace, String secretName, String idKey, String secretKey, Duration ttl) {
    }

    private final KubernetesClient client;
    private final Source source;
    private final Optional<AccessKey> configured;
    private final Clock clock;
    private volatile Optional<AccessKey> current = Optional.empty();
    private volatile Instant readAt = Instant.MIN;
    private volatile String lastProblem;

    public AccessKeys(KubernetesClient client, Source source, String configuredId, String configuredSecret, Clock clock) {
        this.client = client;
        this.source = source;
        this.configured = blank(configuredId) || blank(configuredSecret)
                ? Optional.empty() : Optional.of(new AccessKey(configuredId.trim(), configuredSecret.trim()));
        this.clock = clock;
    }

    /** The key to sign the next call with, or empty when neither the Secret nor the configuration holds one. */
    public Optional<AccessKey> current() {
        Instant now = clock.instant();
        if (!now.isBefore(readAt.plus(source.ttl()))) {
            synchronized (this) {
                if (!now.isBefore(readAt.plus(source.ttl()))) {
                    current = read();
                    readAt = now;
                }
            }
        }
        return current;
    }

    /** Makes the next {@link #current()} read the Secret again (the cloud refused the key in use). */
    public void refresh() {
        readAt = Instant.MIN;
    }

    private Optional<AccessKey> read() {
        if (blank(source.secretNamespace()) || blank(source.secretName())) {
            return configured;
        }
        String where = source.secretNamespace() + "/" + source.secretName();
        try {
            Secret secret = client.secrets().inNamespace(source.secretNamespace()).withName(source.secretName()).get();
            if (secret == null) {
                return fallBack("Secret " + where + " does not exist");
            }
            String id = value(secret, source.idKey());
            String key = value(secret, source.secretKey());
            if (blank(id) || blank(key)) {
                return fallBack("Secret " + where + " lacks " + source.idKey() + " or " + source.secretKey());
            }
            lastProblem = null;
            return Optional.of(new AccessKey(id.trim(), key.trim()));
        } catch (RuntimeException e) {
            Optional<AccessKey> kept = current.isPresent() ? current : configured;
            report("cannot read Secret " + where + " (" + e.getMessage() + "); using " + (current.isPresent()
                    ? "the key read before" : "the configured key"));
            return kept;
        }
    }

    private Optional<AccessKey> fallBack(String why) {
        report(why + "; using the configured key" + (configured.isPresent() ? "" : " (none)"));
        return configured;
    }

    private void report(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn("AccessKey: {}", problem);
            lastProblem = problem;
        }
    }

    private static String value(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            return secret.getStringData().get(key);
        }
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
