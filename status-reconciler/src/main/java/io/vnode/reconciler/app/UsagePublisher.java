package io.vnode.reconciler.app;

import io.vnode.contracts.billing.BillingUsageRecorded;

/**
 * Publishes usage records on the billing topic (key = pod uid). Blocking until the broker acknowledged
 * the record; throws when it did not. Thread-safe. Records carry a deterministic eventId, so a
 * redelivered record is recognisable downstream.
 */
public interface UsagePublisher {

    void publish(BillingUsageRecorded usage);
}
