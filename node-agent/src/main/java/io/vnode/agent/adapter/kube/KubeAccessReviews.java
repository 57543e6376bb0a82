package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vnode.agent.app.AccessReviews;
import io.vnode.agent.domain.AccessDecision;
import io.vnode.agent.domain.KubeletAccess;
import io.vnode.agent.domain.Requester;
import java.util.Optional;

/**
 * TokenReview ({@code authentication.k8s.io/v1}) and SubjectAccessReview ({@code authorization.k8s.io/v1})
 * through the API server. The agent's identity needs {@code create} on both (the ClusterRole
 * {@code system:auth-delegator} grants exactly that).
 */
public class KubeAccessReviews implements AccessReviews {

    private final KubernetesClient client;

    public KubeAccessReviews(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Requester> reviewToken(String token) {
        TokenReview review;
        try {
            review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                    .withNewSpec().withToken(token).endSpec().build());
        } catch (KubernetesClientException e) {
            throw new ReviewFailedException("TokenReview failed: " + e.getCode() + " " + e.getMessage(), e);
        }
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())
                || review.getStatus().getUser() == null) {
            return Optional.empty();
        }
        var user = review.getStatus().getUser();
        return Optional.of(new Requester(user.getUsername(), user.getGroups(), user.getUid()));
    }

    @Override
    public AccessDecision reviewAccess(Requester requester, KubeletAccess access) {
        SubjectAccessReview review;
        try {
            review = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(requester.user()).withGroups(requester.groups()).withUid(requester.uid())
                    .withNewResourceAttributes()
                    .withVerb(access.verb()).withGroup("").withVersion("v1").withResource(KubeletAccess.RESOURCE)
                    .withSubresource(access.subresource()).withName(access.nodeName())
                    .endResourceAttributes()
                    .endSpec().build());
        } catch (KubernetesClientException e) {
            throw new ReviewFailedException("SubjectAccessReview failed: " + e.getCode() + " " + e.getMessage(), e);
        }
        if (review.getStatus() == null) {
            throw new ReviewFailedException("SubjectAccessReview answered without a status", null);
        }
        String reason = review.getStatus().getReason();
        if (review.getStatus().getEvaluationError() != null && !review.getStatus().getEvaluationError().isBlank()) {
            reason = (reason == null || reason.isBlank() ? "" : reason + "; ") + review.getStatus().getEvaluationError();
        }
        return Boolean.TRUE.equals(review.getStatus().getAllowed()) ? AccessDecision.allow(reason) : AccessDecision.deny(reason);
    }
}
