package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An EmptyDirVolume. medium is "" or "Memory"; sizeLimit a Kubernetes quantity such as "1Gi". */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmptyDirSource(
        String medium,
        String sizeLimit) {
}
