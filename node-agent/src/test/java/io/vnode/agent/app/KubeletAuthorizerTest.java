package io.vnode.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.agent.domain.AccessDecision;
import io.vnode.agent.domain.KubeletAccess;
import io.vnode.agent.domain.Requester;
import io.vnode.testsupport.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubeletAuthorizerTest {

    private static final KubeletAccess LOGS = new KubeletAccess("get", "proxy", "vk-1");

    private final Requester alice = new Requester("alice", List.of("team"), null);
    private final Requester bob = new Requester("bob", List.of(), null);
    private final FakeReviews reviews = new FakeReviews();
    private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final KubeletAuthorizer authorizer = new KubeletAuthorizer(reviews, clock, Duration.ofMinutes(5), Duration.ofSeconds(30));

    @Test
    void anAllowedDecisionIsKeptForItsTtlThenAskedAgain() {
        reviews.allowed = Set.of("alice");
        assertThat(authorizer.authorize(alice, LOGS).allowed()).isTrue();
        clock.advance(Duration.ofMinutes(4));
        assertThat(authorizer.authorize(alice, LOGS).allowed()).isTrue();
        assertThat(reviews.asked).hasSize(1);

        reviews.allowed = Set.of();
        clock.advance(Duration.ofMinutes(1));
        assertThat(authorizer.authorize(alice, LOGS).allowed()).as("revoked, and the kept answer expired").isFalse();
        assertThat(reviews.asked).hasSize(2);
    }

    @Test
    void aDeniedDecisionIsKeptShorterAndEachUserAndAccessIsDecidedOnItsOwn() {
        reviews.allowed = Set.of("alice");
        assertThat(authorizer.authorize(bob, LOGS).allowed()).isFalse();
        assertThat(authorizer.authorize(bob, LOGS).allowed()).isFalse();
        assertThat(authorizer.authorize(alice, LOGS).allowed()).isTrue();
        assertThat(authorizer.authorize(alice, new KubeletAccess("create", "proxy", "vk-1")).allowed()).isTrue();
        assertThat(reviews.asked).hasSize(3);

        reviews.allowed = Set.of("alice", "bob");
        clock.advance(Duration.ofSeconds(30));
        assertThat(authorizer.authorize(bob, LOGS).allowed()).as("granted, seen once the denial expired").isTrue();
    }

    @Test
    void aReviewThatFailedIsNotKept() {
        reviews.failing = true;
        assertThatThrownBy(() -> authorizer.authorize(alice, LOGS)).isInstanceOf(AccessReviews.ReviewFailedException.class);
        reviews.failing = false;
        reviews.allowed = Set.of("alice");
        assertThat(authorizer.authorize(alice, LOGS).allowed()).isTrue();
    }

    @Test
    void tokensAreReviewedOnceWhileTheAnswerIsKept() {
        assertThat(authorizer.authenticate("token-of-alice")).contains(alice);
        assertThat(authorizer.authenticate("token-of-alice")).contains(alice);
        assertThat(authorizer.authenticate("garbage")).isEmpty();
        assertThat(reviews.tokens).containsExactly("token-of-alice", "garbage");
    }

    private final class FakeReviews implements AccessReviews {
        volatile Set<String> allowed = Set.of();
        volatile boolean failing;
        final List<String> asked = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();

        @Override
        public Optional<Requester> reviewToken(String token) {
            tokens.add(token);
            return token.equals("token-of-alice") ? Optional.of(alice) : Optional.empty();
        }

        @Override
        public AccessDecision reviewAccess(Requester requester, KubeletAccess access) {
            if (failing) {
                throw new ReviewFailedException("API server unreachable", null);
            }
            asked.add(requester.user() + " " + access);
            return allowed.contains(requester.user()) ? AccessDecision.allow("RBAC") : AccessDecision.deny("");
        }
    }
}
