package io.vnode.translator.domain;

import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.pod.RejectionReason;
import java.util.List;
import java.util.Objects;

/** The outcome of translating one pod: a create request, or a rejection a person can act on. */
public sealed interface Translation permits Translation.Accepted, Translation.Rejected {

    /**
     * The pod can run.
     *
     * @param request the complete CreateContainerGroup request (no secret values, only references)
     * @param podUseSpec for ACS the normalised size written to {@code alibabacloud.com/pod-use-spec}
     *     (e.g. {@code 2-4Gi}); for ECI the first candidate spec
     * @param notes what the translator adapted or dropped (e.g. a startupProbe folded into the
     *     liveness delay), for the operator's log; never a secret value
     */
    record Accepted(InstanceRequest request, String podUseSpec, List<String> notes) implements Translation {
        public Accepted {
            Objects.requireNonNull(request, "request");
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /**
     * The pod cannot run on the virtual node.
     *
     * @param reason stable code (written to the pod as its failure reason)
     * @param message what is wrong and how to fix it
     */
    record Rejected(RejectionReason reason, String message) implements Translation {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
