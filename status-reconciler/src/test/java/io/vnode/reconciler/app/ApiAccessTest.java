package io.vnode.reconciler.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ApiAccessTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ApiAccess access = new ApiAccess(meters, Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC),
            Duration.ofMinutes(1));

    @Test
    void deniedUntilARequestSucceeds() {
        access.granted();
        assertThat(access.deniedSince()).isEmpty();
        assertThat(meters.get("vnode.reconciler.api.denied").gauge().value()).isZero();

        access.denied("patch status of ns/a: HTTP 403");
        access.denied("patch status of ns/b: HTTP 403");
        assertThat(access.deniedSince()).contains(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(access.lastDenied()).contains("patch status of ns/b: HTTP 403");
        assertThat(meters.get("vnode.reconciler.api.denied").gauge().value()).isEqualTo(1);
        assertThat(meters.get("vnode.reconciler.api.denials").counter().count()).isEqualTo(2);

        access.granted();
        assertThat(access.deniedSince()).isEmpty();
        assertThat(access.lastDenied()).isEmpty();
        assertThat(meters.get("vnode.reconciler.api.denied").gauge().value()).isZero();
    }
}
