package io.vnode.executor.config;

import io.vnode.contracts.Topics;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Command handling.
 *
 * @param commandsTopic the topic commands are consumed from (also where held commands are re-queued; DLQ = topic + .dlq)
 * @param eventsTopic the topic instance events are published to
 * @param concurrency consumer threads of the commands binding (bounded concurrency; effective up to the partition count)
 * @param retry retry policy of throttled / transient / out-of-stock creates and deletes
 */
@ConfigurationProperties("vnode.executor")
public record ExecutorProperties(
        @DefaultValue(Topics.INSTANCE_COMMANDS) String commandsTopic,
        @DefaultValue(Topics.INSTANCE_EVENTS) String eventsTopic,
        @DefaultValue("3") int concurrency,
        @DefaultValue Retry retry) {

    /**
     * @param base first backoff
     * @param cap largest backoff
     * @param jitter randomised share of each backoff
     * @param longWait after this long without success a retryable InstanceCreateFailed is published (and again each period)
     * @param maxHold how long one command may hold its partition; then it is re-queued at the topic's end and the partition moves on
     * @param noStockInterval shortest pause before an out-of-stock create is tried again
     * @param podCheckInterval how often a retrying command checks that its pod still exists
     * @param noStockMaxPause longest such pause (each is half the time the pod has waited, within these bounds)
     */
    public record Retry(
            @DefaultValue("200ms") Duration base,
            @DefaultValue("10s") Duration cap,
            @DefaultValue("0.5") double jitter,
            @DefaultValue("30s") Duration longWait,
            @DefaultValue("60s") Duration maxHold,
            @DefaultValue("15s") Duration noStockInterval,
            @DefaultValue("30s") Duration podCheckInterval,
            @DefaultValue("2m") Duration noStockMaxPause) {
    }
}
