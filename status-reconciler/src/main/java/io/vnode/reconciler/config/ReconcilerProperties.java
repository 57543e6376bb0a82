package io.vnode.reconciler.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vnode.reconciler.*}.
 *
 * @param parallelism pods reconciled at the same time within one polled batch
 * @param conflictRetries attempts (re-read and re-apply) when a status write meets a 409
 * @param usageStoreCapacity usage records kept in memory for GET /usage (oldest evicted)
 * @param component the Event source component
 * @param retryBackoffMillis first pause before a batch that failed transiently (API server down, or 401/403) is
 *     redelivered; it doubles at each failure up to {@code retryBackoffMaxMillis}
 * @param retryBackoffMaxMillis the longest pause between two attempts of a failing batch
 * @param instanceEventsTopic the instance events topic (also the DLQ base when a record has no topic header)
 * @param podRejectionsTopic the rejections topic
 * @param billingUsageTopic where usage records go
 * @param consumerConcurrency Kafka consumers per input binding (at most the partition count helps)
 * @param maxPollRecords records per polled batch
 * @param podCacheSize pods whose last written copy is kept so their next batch skips the read (0: always read)
 * @param deadLetterTopics the dead-letter topics whose records are told to their pods (comma-separated; the
 *     binding {@code deadLetters-in-0} subscribes to them)
 */
@ConfigurationProperties("vnode.reconciler")
public record ReconcilerProperties(
        @DefaultValue("64") int parallelism,
        @DefaultValue("5") int conflictRetries,
        @DefaultValue("100000") int usageStoreCapacity,
        @DefaultValue("vnode-status-reconciler") String component,
        @DefaultValue("1000") long retryBackoffMillis,
        @DefaultValue("vnode.instance.events.v1") String instanceEventsTopic,
        @DefaultValue("vnode.pod.rejections.v1") String podRejectionsTopic,
        @DefaultValue("vnode.billing.usage.v1") String billingUsageTopic,
        @DefaultValue("3") int consumerConcurrency,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("5000") int podCacheSize,
        @DefaultValue("vnode.pod.lifecycle.v1.dlq,vnode.instance.commands.v1.dlq,vnode.pod.rejections.v1.dlq,"
                + "vnode.instance.events.v1.dlq,vnode.billing.usage.v1.dlq") String deadLetterTopics,
        @DefaultValue("30000") long retryBackoffMaxMillis) {
}
