package io.vnode.contracts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Kafka record as every service writes it, free of any client library: the topic, the key (the
 * pod uid: per-pod order), the value, and raw-byte headers. {@link #of} is an event as published;
 * {@link #deadLetter} is a record that could not be processed, as it came, on {@code <topic>.dlq} with
 * the one dead-letter policy (original topic, a reason of at most {@value #MAX_REASON} characters). The
 * adapters turn an envelope into a {@code ProducerRecord} or a Spring {@code Message} and nothing more.
 */
public record Envelope(String topic, String key, byte[] value, Map<String, byte[]> headers) {

    /** The longest dead-letter reason: enough for a cause, short of carrying a record's content along. */
    public static final int MAX_REASON = 1000;

    public Envelope {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * An event on {@code topic}: key = pod uid, headers {@code vnode-event-type}, {@code traceparent}, and the
     * CloudEvents binary-mode attributes ({@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_time},
     * {@code ce_subject}, {@code ce_specversion}, {@code content-type}).
     */
    public static Envelope of(String topic, VnodeEvent event) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        String type = EventCodec.typeOf(event);
        headers.put(Headers.EVENT_TYPE, bytes(type));
        if (event.traceparent() != null) {
            headers.put(Headers.TRACEPARENT, bytes(event.traceparent()));
        }
        headers.put(Headers.CE_SPECVERSION, bytes("1.0"));
        headers.put(Headers.CE_ID, bytes(event.eventId()));
        headers.put(Headers.CE_SOURCE, bytes("/vnode/" + topic));
        headers.put(Headers.CE_TYPE, bytes(Headers.CE_TYPE_PREFIX + type));
        if (event.occurredAt() != null) {
            headers.put(Headers.CE_TIME, bytes(event.occurredAt().toString()));
        }
        headers.put(Headers.CE_SUBJECT, bytes(event.pod().namespace() + "/" + event.pod().name()));
        headers.put(Headers.CONTENT_TYPE, bytes("application/json"));
        return new Envelope(topic, event.pod().uid(), EventCodec.encode(event), headers);
    }

    /**
     * The record from {@code originalTopic} that could not be processed, with its key, value and headers, on
     * the topic's dead-letter topic, with {@code vnode-dlq-original-topic} and {@code vnode-dlq-reason}.
     */
    public static Envelope deadLetter(String originalTopic, String key, byte[] value, Map<String, byte[]> headers, String reason) {
        Map<String, byte[]> h = new LinkedHashMap<>(headers == null ? Map.of() : headers);
        h.put(Headers.DLQ_ORIGINAL_TOPIC, bytes(originalTopic));
        h.put(Headers.DLQ_REASON, bytes(reasonText(reason)));
        return new Envelope(Topics.dlq(originalTopic), key, value == null ? new byte[0] : value, h);
    }

    /** A dead-letter reason from a failure: its class and message, cut to {@value #MAX_REASON} characters. */
    public static String reasonOf(Throwable failure) {
        return reasonText(failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    static String reasonText(String reason) {
        String r = reason == null || reason.isBlank() ? "(no reason given)" : reason;
        return r.length() > MAX_REASON ? r.substring(0, MAX_REASON - 1) + "…" : r;
    }

    /** A header's text (UTF-8), or null when absent. */
    public String header(String name) {
        byte[] v = headers.get(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
