package io.vnode.emulator;

import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.NonceStore;
import io.vnode.emulator.protocol.Params;
import io.vnode.emulator.protocol.PopSignature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Checks a call the way the cloud does, in its order and with its error codes: AccessKeyId, POP signature,
 * Timestamp within 15 minutes, and a SignatureNonce not used within them. Thread-safe.
 */
final class RequestAuthenticator {

    static final long SIGNATURE_WINDOW_MILLIS = Duration.ofMinutes(15).toMillis();
    static final int MAX_NONCES = 200_000;

    private final Map<String, String> credentials;
    private final Clock clock;
    private final NonceStore nonces = new NonceStore(SIGNATURE_WINDOW_MILLIS, MAX_NONCES);

    /** {@code credentials}: AccessKeyId to AccessKeySecret. */
    RequestAuthenticator(Map<String, String> credentials, Clock clock) {
        this.credentials = Map.copyOf(credentials);
        this.clock = clock;
    }

    /** Returns if the call is authentic; throws the cloud's error answer otherwise. */
    void authenticate(String httpMethod, Params p) {
        String keyId = p.get("AccessKeyId");
        if (keyId == null) {
            throw ApiException.missing("AccessKeyId");
        }
        String secret = credentials.get(keyId);
        if (secret == null) {
            throw new ApiException(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (p.get("Signature") == null) {
            throw ApiException.missing("Signature");
        }
        String timestamp = p.get("Timestamp");
        if (timestamp == null) {
            throw ApiException.missing("Timestamp");
        }
        long now = clock.millis();
        checkTimestamp(timestamp, now);
        checkSignature(httpMethod, p, secret);
        checkNonce(keyId, p.get("SignatureNonce"), now);
    }

    /** Forgets the nonces seen. */
    void forgetNonces() {
        nonces.clear();
    }

    private static void checkTimestamp(String timestamp, long now) {
        long at;
        try {
            at = Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if (Math.abs(now - at) > SIGNATURE_WINDOW_MILLIS) {
            throw new ApiException(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
    }

    private static void checkSignature(String httpMethod, Params p, String secret) {
        if (!PopSignature.verify(httpMethod, p.asMap(), secret)) {
            throw new ApiException(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:"
                            + PopSignature.stringToSign(httpMethod, p.asMap()));
        }
    }

    private void checkNonce(String keyId, String nonce, long now) {
        if (nonce == null) {
            throw ApiException.missing("SignatureNonce");
        }
        if (!nonces.firstUse(keyId + "/" + nonce, now)) {
            throw new ApiException(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }
}
