package io.vnode.reconciler.adapter.web;

import io.vnode.reconciler.app.ApiAccess;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health/kubeApiAccess}: DOWN while the API server refuses this service (401/403),
 * with since when. Not part of the liveness or readiness groups: a restart does not fix a Role.
 */
public class ApiAccessHealthIndicator implements HealthIndicator {

    private final ApiAccess access;

    public ApiAccessHealthIndicator(ApiAccess access) {
        this.access = access;
    }

    @Override
    public Health health() {
        return access.deniedSince()
                .map(since -> Health.down().withDetail("deniedSince", since.toString())
                        .withDetail("lastDenied", access.lastDenied().orElse("")).build())
                .orElseGet(() -> Health.up().build());
    }
}
