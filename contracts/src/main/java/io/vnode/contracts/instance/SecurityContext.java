package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The container security settings the cloud takes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecurityContext(
        List<String> capabilitiesAdd,
        Long runAsUser,
        Long runAsGroup,
        Boolean runAsNonRoot,
        Boolean readOnlyRootFilesystem) {
}
