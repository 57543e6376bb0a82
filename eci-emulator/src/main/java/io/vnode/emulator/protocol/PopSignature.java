package io.vnode.emulator.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The Alibaba Cloud POP RPC signature, version 1.0, HMAC-SHA1. Pure and thread-safe. */
public final class PopSignature {

    private PopSignature() {
    }

    /** URL encoding per POP: UTF-8, space as %20, '*' as %2A, '~' kept. */
    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** {@code METHOD&%2F&encode(sorted k=v joined by &)}, the Signature parameter left out. */
    public static String stringToSign(String httpMethod, Map<String, String> params) {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("Signature")) {
                continue;
            }
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(percentEncode(e.getKey())).append('=').append(percentEncode(e.getValue()));
        }
        return httpMethod.toUpperCase() + "&" + percentEncode("/") + "&" + percentEncode(canonical.toString());
    }

    public static String sign(String httpMethod, Map<String, String> params, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] raw = mac.doFinal(stringToSign(httpMethod, params).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean verify(String httpMethod, Map<String, String> params, String secret) {
        String given = params.get("Signature");
        return given != null && java.security.MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), sign(httpMethod, params, secret).getBytes(StandardCharsets.UTF_8));
    }
}
