package io.vnode.executor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PageRetriesTest {

    static CloudException error(CloudError error) {
        return new CloudException("DescribeContainerGroups", error, "r", null);
    }

    @Test
    void aThrottledOrFailingPageIsRetriedUntilItIsServed() {
        AtomicInteger calls = new AtomicInteger();
        String page = PageRetries.call(() -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw error(new CloudError.Throttled("Throttling.User", "m"));
            }
            if (n == 2) {
                throw error(new CloudError.Transient("ServiceUnavailable", "m"));
            }
            return "page";
        });
        assertThat(page).isEqualTo("page");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> PageRetries.call(() -> {
            calls.incrementAndGet();
            throw error(new CloudError.Rejected("InvalidParameter.Tag", "m"));
        })).isInstanceOf(CloudException.class);
        assertThat(calls).hasValue(1);
    }
}
