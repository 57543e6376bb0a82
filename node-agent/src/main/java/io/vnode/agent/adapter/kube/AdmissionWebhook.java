package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vnode.agent.app.NamespaceLabels;
import io.vnode.agent.app.PolicyScheduler;
import io.vnode.agent.domain.PolicyPlacement;
import io.vnode.agent.domain.ProfileSelector;
import io.vnode.agent.domain.RoutingPolicy;
import io.vnode.agent.domain.RoutingPolicy.Decision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The mutating admission webhook {@code POST /mutate} (AdmissionReview admission.k8s.io/v1): routes pods
 * by {@link RoutingPolicy} and answers a base64 JSONPatch adding the nodeSelector and toleration.
 *
 * <p>Errors: a body that is not an AdmissionReview with a request uid gets HTTP 400 with a message (no
 * API server sends that; a misconfigured caller does). A review we can read but whose object we cannot
 * use (not a pod, unreadable pod) is allowed unchanged with a warning: the webhook never blocks a pod
 * because of its own limits, and never crashes.
 */
public class AdmissionWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhook.class);
    public static final String PATH = "/mutate";

    private final KubernetesSerialization serialization;
    private final NamespaceLabels namespaceLabels;
    private final Supplier<List<ProfileSelector>> profile;
    private final PolicyScheduler policies;

    /** @param policies ResourcePolicy placement; null: pods are routed by labels, namespace labels and eci-profile only */
    public AdmissionWebhook(KubernetesSerialization serialization, NamespaceLabels namespaceLabels,
                            Supplier<List<ProfileSelector>> profile, PolicyScheduler policies) {
        this.serialization = serialization;
        this.namespaceLabels = namespaceLabels;
        this.profile = profile;
        this.policies = policies;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST(PATH, this::handle).build();
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                .publishOn(Schedulers.boundedElastic()) // a namespace cache miss reads the API server
                .flatMap(body -> {
                    try {
                        byte[] answer = review(body);
                        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(answer);
                    } catch (BadReviewException e) {
                        return ServerResponse.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure",
                                        "code", 400, "reason", "BadRequest", "message", e.getMessage())));
                    }
                });
    }

    /** The AdmissionReview answer for a request body; throws {@link BadReviewException} for unreadable bodies. */
    public byte[] review(byte[] body) {
        AdmissionReview in;
        try {
            in = serialization.unmarshal(new String(body, StandardCharsets.UTF_8), AdmissionReview.class);
        } catch (RuntimeException e) {
            throw new BadReviewException("the body is not an AdmissionReview (admission.k8s.io/v1): " + firstLine(e.getMessage()));
        }
        if (in == null || in.getRequest() == null || in.getRequest().getUid() == null || in.getRequest().getUid().isBlank()) {
            throw new BadReviewException("the AdmissionReview has no request.uid; send an admission.k8s.io/v1 AdmissionReview request");
        }
        AdmissionResponse response = respond(in.getRequest());
        AdmissionReview out = new AdmissionReviewBuilder()
                .withApiVersion("admission.k8s.io/v1").withKind("AdmissionReview")
                .withResponse(response).build();
        return serialization.asJson(out).getBytes(StandardCharsets.UTF_8);
    }

    private AdmissionResponse respond(AdmissionRequest request) {
        AdmissionResponseBuilder allowed = new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
        String kind = request.getKind() == null ? null : request.getKind().getKind();
        if (kind != null && !"Pod".equals(kind)) {
            return allowed.withWarnings("vnode webhook: " + kind + " is not a Pod; left unchanged").build();
        }
        if (request.getOperation() != null && !"CREATE".equals(request.getOperation())) {
            return allowed.build();
        }
        Pod pod;
        try {
            pod = serialization.convertValue(request.getObject(), Pod.class);
        } catch (RuntimeException e) {
            pod = null;
        }
        if (pod == null || pod.getMetadata() == null || pod.getSpec() == null) {
            return allowed.withWarnings("vnode webhook: request.object is not a readable Pod; not routed to the virtual node").build();
        }
        String namespace = request.getNamespace() != null ? request.getNamespace() : pod.getMetadata().getNamespace();
        pod.getMetadata().setNamespace(namespace);
        String podName = pod.getMetadata().getName() != null ? pod.getMetadata().getName() : pod.getMetadata().getGenerateName() + "*";
        List<RoutingPolicy.PatchOp> patch = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (policies != null && !RoutingPolicy.isDaemonSetPod(pod)
                && (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isBlank())) {
            PolicyPlacement.Outcome outcome;
            try {
                outcome = policies.admit(pod, namespace);
            } catch (RuntimeException e) {
                outcome = new PolicyPlacement.Refused("cannot read the ResourcePolicies and the nodes' room now (" + firstLine(e.getMessage())
                        + "); the pod's controller retries");
            }
            if (outcome instanceof PolicyPlacement.Refused r) {
                LOG.info("pod {}/{}: refused: {}", namespace, podName, r.message());
                return new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(false)
                        .withStatus(new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withReason("Forbidden")
                                .withMessage(r.message()).build()).build();
            }
            if (outcome instanceof PolicyPlacement.Placed p) {
                LOG.debug("pod {}/{}: {}", namespace, podName, p.detail());
                return withPatch(allowed, p.patch(), p.warnings());
            }
            PolicyPlacement.NotGoverned n = (PolicyPlacement.NotGoverned) outcome;
            patch.addAll(n.patch());
            warnings.addAll(n.warnings());
        }
        Decision decision = RoutingPolicy.decide(pod, namespaceLabels.labelsOf(namespace), profile.get());
        LOG.debug("pod {}/{}: route={} {} ({})", namespace, podName, decision.route(), decision.reason(), decision.detail());
        patch.addAll(decision.patch());
        return withPatch(allowed, patch, warnings);
    }

    private AdmissionResponse withPatch(AdmissionResponseBuilder allowed, List<RoutingPolicy.PatchOp> patchOps, List<String> warnings) {
        if (!warnings.isEmpty()) {
            allowed.withWarnings(warnings.stream().map(w -> "vnode: " + w).toList());
        }
        if (patchOps.isEmpty()) {
            return allowed.build();
        }
        List<Map<String, Object>> ops = new ArrayList<>();
        for (RoutingPolicy.PatchOp op : patchOps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", op.op());
            m.put("path", op.path());
            if (!"remove".equals(op.op())) {
                m.put("value", op.value());
            }
            ops.add(m);
        }
        String patch = Base64.getEncoder().encodeToString(serialization.asJson(ops).getBytes(StandardCharsets.UTF_8));
        return allowed.withPatchType("JSONPatch").withPatch(patch).build();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }

    /** The request body is not an AdmissionReview we can answer. */
    public static final class BadReviewException extends RuntimeException {
        public BadReviewException(String message) {
            super(message);
        }
    }
}
