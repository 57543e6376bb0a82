package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A projected service-account token in a config-file volume (the {@code serviceAccountToken} source of the
 * pod's {@code kube-api-access-*} volume): minted by the executor just before the create (a TokenRequest
 * bound to the pod), never carried in a record.
 *
 * @param serviceAccount the pod's ServiceAccount
 * @param audience the token's audience; null: the API server's
 * @param expirationSeconds as the projection asks (the API server may extend the default 3607)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenFile(
        @JsonProperty(required = true) String path,
        @JsonProperty(required = true) String serviceAccount,
        String audience,
        Long expirationSeconds,
        Integer mode) {
}
