package io.vnode.executor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.executor.domain.CloudApi;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstanceWatcherPageRetryTest {

    static CloudException error(String code, int status) {
        return new CloudException(CloudApi.values()[0], CloudError.classify(code, "m", status), "r", null);
    }

    @Test
    void aThrottledOrFailingPageIsRetriedUntilItIsServed() {
        AtomicInteger calls = new AtomicInteger();
        String page = InstanceWatcher.withPageRetries(() -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw error("Throttling.User", 400);
            }
            if (n == 2) {
                throw error("ServiceUnavailable", 503);
            }
            return "page";
        });
        assertThat(page).isEqualTo("page");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> InstanceWatcher.withPageRetries(() -> {
            calls.incrementAndGet();
            throw error("InvalidParameter.Tag", 400);
        })).isInstanceOf(CloudException.class);
        assertThat(calls).hasValue(1);
    }
}
