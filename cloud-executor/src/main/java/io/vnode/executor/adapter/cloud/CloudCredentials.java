package io.vnode.executor.adapter.cloud;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AccessKey for the next call: from the Kubernetes Secret (default
 * kube-system/alibaba-addon-secret, keys access-key-id / access-key-secret), re-read once its
 * TTL passed so that a rotated key is used without a restart; else from the environment
 * (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET). Thread-safe. Never logs a value.
 */
public class CloudCredentials {

    private static final Logger log = LoggerFactory.getLogger(CloudCredentials.class);

    private final KubernetesClient kube;
    private final CredentialSource settings;
    private final UnaryOperator<String> env;
    private final Clock clock;
    private volatile Optional<AccessKey> cached = Optional.empty();
    private volatile Instant readAt = Instant.MIN;

    public CloudCredentials(KubernetesClient kube, CredentialSource settings, UnaryOperator<String> env, Clock clock) {
        this.kube = kube;
        this.settings = settings;
        this.env = env;
        this.clock = clock;
    }

    /** The current key, or empty when neither the Secret nor the environment has one. */
    public Optional<AccessKey> current() {
        Instant now = clock.instant();
        if (readAt.plus(settings.ttl()).isBefore(now) || cached.isEmpty()) {
            synchronized (this) {
                if (readAt.plus(settings.ttl()).isBefore(now) || cached.isEmpty()) {
                    cached = read();
                    readAt = now;
                }
            }
        }
        return cached;
    }

    /** Forgets the cached key (e.g. after the cloud refused it) so the next call re-reads the Secret. */
    public void invalidate() {
        readAt = Instant.MIN;
    }

    private Optional<AccessKey> read() {
        try {
            Secret secret = kube.secrets().inNamespace(settings.secretNamespace()).withName(settings.secretName()).get();
            if (secret != null) {
                String id = value(secret, settings.accessKeyIdKey());
                String key = value(secret, settings.accessKeySecretKey());
                if (id != null && key != null) {
                    return Optional.of(new AccessKey(id.trim(), key.trim()));
                }
                log.warn("Secret {}/{} lacks key {} or {}", settings.secretNamespace(), settings.secretName(),
                        settings.accessKeyIdKey(), settings.accessKeySecretKey());
            }
        } catch (RuntimeException e) {
            log.warn("cannot read Secret {}/{}: {}", settings.secretNamespace(), settings.secretName(), e.getMessage());
            if (cached.isPresent()) {
                return cached; // keep the last good key while the API server is unreachable
            }
        }
        String id = env.apply("ALIBABA_CLOUD_ACCESS_KEY_ID");
        String key = env.apply("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        if (id != null && !id.isBlank() && key != null && !key.isBlank()) {
            return Optional.of(new AccessKey(id, key));
        }
        return Optional.empty();
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
}
