package io.vnode.executor.adapter.cloud;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the AccessKey comes from: the Secret (re-read after {@code ttl}, so a rotated key is used
 * without a restart), else the environment ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET.
 */
public record CredentialSource(
        @DefaultValue("kube-system") String secretNamespace,
        @DefaultValue("alibaba-addon-secret") String secretName,
        @DefaultValue("access-key-id") String accessKeyIdKey,
        @DefaultValue("access-key-secret") String accessKeySecretKey,
        @DefaultValue("30s") Duration ttl) {
}
