package io.vnode.emulator;

import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ClientTokens of the latest creates, each with a digest of its request: a retry (same token, same
 * parameters) gets the first answer, another request with the same token IdempotentParameterMismatch.
 * Past {@code maxTokens} the oldest are forgotten first. Not thread-safe: the caller serializes creates.
 */
final class ClientTokens {

    static final int MAX_TOKENS = 200_000;
    /** Parameters that differ between retries of the same request; left out of the digest. */
    static final Set<String> TRANSPORT_PARAMS = Set.of("Signature", "SignatureNonce", "Timestamp", "SignatureMethod",
            "SignatureVersion", "SignatureType", "AccessKeyId", "Format", "SecurityToken");

    private record Created(long digest, String instanceId) {
    }

    private final LinkedHashMap<String, Created> tokens;

    ClientTokens(int maxTokens) {
        this.tokens = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Created> eldest) {
                return size() > maxTokens;
            }
        };
    }

    /** The instance an earlier create with this token made, or null; throws if that create's digest differs. */
    String instanceFor(String token, long digest) {
        Created earlier = tokens.get(token);
        if (earlier == null) {
            return null;
        }
        if (earlier.digest() != digest) {
            throw new ApiException(400, "IdempotentParameterMismatch",
                    "The request uses the same client token as a previous, but non-identical request.");
        }
        return earlier.instanceId();
    }

    void remember(String token, long digest, String instanceId) {
        tokens.put(token, new Created(digest, instanceId));
    }

    void clear() {
        tokens.clear();
    }

    /** The first 8 bytes of a SHA-256 over the sorted parameters, transport parameters left out. */
    static long digest(Params p) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(p.asMap()).entrySet()) {
                if (!TRANSPORT_PARAMS.contains(e.getKey())) {
                    md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] d = md.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
