package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A FlexVolume: a driver the cloud runs to mount the volume (e.g. {@code alicloud/oss}) and its options, sent
 * as one JSON object.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlexSource(
        @JsonProperty(required = true) String driver,
        String fsType,
        Map<String, String> options) {
}
