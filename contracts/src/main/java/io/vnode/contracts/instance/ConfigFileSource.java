package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A ConfigFileVolume: ConfigMap/Secret projections and service-account tokens (resolved by the executor) and
 * literal files.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigFileSource(
        Integer defaultMode,
        List<ObjectProjection> objects,
        List<LiteralFile> literals,
        List<TokenFile> tokens) {

    public ConfigFileSource(Integer defaultMode, List<ObjectProjection> objects, List<LiteralFile> literals) {
        this(defaultMode, objects, literals, null);
    }
}
