package io.vnode.executor.adapter.cloud;

import io.vnode.contracts.EventCodec;
import tools.jackson.databind.JsonNode;

/**
 * Reads a refusal of the ECI API (an HTTP answer outside 2xx): the cloud's JSON error gives its
 * Code, Message and RequestId; an answer without a code (an empty body, a proxy's or the HTTP
 * server's own page) is told by its HTTP status and its body, cut. Pure; thread-safe.
 */
final class CloudAnswers {

    /** The most of a body without an error code that a message carries. */
    static final int BODY_CHARS = 300;

    /** A refusal: {@code code} null when the cloud gave none. */
    record Refusal(int status, String code, String message, String requestId) {
    }

    private CloudAnswers() {
    }

    static Refusal refusal(int status, String body) {
        String requestId = null;
        try {
            JsonNode error = EventCodec.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
            requestId = CloudJson.text(error, "RequestId");
            String code = CloudJson.text(error, "Code");
            if (code != null && !code.isBlank()) {
                String message = CloudJson.text(error, "Message");
                return new Refusal(status, code, message == null || message.isBlank()
                        ? "HTTP " + status + ", no message" : message, requestId);
            }
        } catch (RuntimeException notJson) {
            // not the cloud's JSON error: told by its status and body below
        }
        return new Refusal(status, null, "the cloud answered HTTP " + status + " without an error code: "
                + describe(body), requestId);
    }

    private static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        String b = body.strip().replaceAll("\\s+", " ");
        return b.length() > BODY_CHARS ? b.substring(0, BODY_CHARS) + "... (" + body.length() + " chars)" : b;
    }
}
