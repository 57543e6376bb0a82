package io.vnode.executor.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an instance's projected service-account tokens are renewed, as a kubelet renews them: once
 * {@value #RENEW_AT_SHARE} of a token's lifetime has passed, or once it is older than a maximum age (a kubelet's
 * is 24 h; here it is optional, since every renewal is an UpdateContainerGroup call). The instance carries the
 * earliest issue and expiry of its tokens as the tag {@code vnode.token-lifetime} = {@code "<iat>-<exp>"} (epoch
 * seconds, read from the tokens' own claims), so any executor, after any restart, decides from a listing. The
 * earliest of each is at least as early as any one token's renewal point.
 */
public final class TokenLifetimes {

    /** The share of its lifetime after which a token is renewed. */
    public static final double RENEW_AT_SHARE = 0.8;

    private static final Pattern IAT = Pattern.compile("\"iat\"\\s*:\\s*(\\d+)");
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");
    private static final Pattern TAG = Pattern.compile("(\\d{1,12})-(\\d{1,12})");

    /** A token's issue and expiry, epoch seconds. */
    public record Lifetime(long issuedAt, long expiresAt) {

        /** The tag value. */
        public String tag() {
            return issuedAt + "-" + expiresAt;
        }

        /**
         * When it is to be renewed: at {@link #RENEW_AT_SHARE} of its lifetime, or at {@code maxAge} after its issue
         * if that is earlier ({@code maxAge} null: no maximum age).
         */
        public Instant renewAt(Duration maxAge) {
            long share = issuedAt + (long) Math.floor((expiresAt - issuedAt) * RENEW_AT_SHARE);
            long byAge = maxAge == null ? Long.MAX_VALUE : issuedAt + Math.max(0, maxAge.toSeconds());
            return Instant.ofEpochSecond(Math.min(share, byAge));
        }
    }

    private TokenLifetimes() {
    }

    /** The claims {@code iat} and {@code exp} of a JWT (not verified: it is ours, just issued); empty if it has none. */
    public static Optional<Lifetime> of(byte[] jwt) {
        String[] parts = new String(jwt, StandardCharsets.US_ASCII).split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        String claims;
        try {
            claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        OptionalLong iat = number(IAT, claims);
        OptionalLong exp = number(EXP, claims);
        if (iat.isEmpty() || exp.isEmpty() || exp.getAsLong() <= iat.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new Lifetime(iat.getAsLong(), exp.getAsLong()));
    }

    /** The earliest issue and the earliest expiry of the tokens that have both; empty if none has. */
    public static Optional<Lifetime> earliest(Collection<byte[]> tokens) {
        long iat = Long.MAX_VALUE;
        long exp = Long.MAX_VALUE;
        for (byte[] token : tokens) {
            Optional<Lifetime> l = of(token);
            if (l.isPresent()) {
                iat = Math.min(iat, l.get().issuedAt());
                exp = Math.min(exp, l.get().expiresAt());
            }
        }
        return iat == Long.MAX_VALUE ? Optional.empty() : Optional.of(new Lifetime(iat, exp));
    }

    /** The tag's lifetime; empty when absent or not one (such an instance is not renewed). */
    public static Optional<Lifetime> parseTag(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        long iat = Long.parseLong(m.group(1));
        long exp = Long.parseLong(m.group(2));
        return exp > iat ? Optional.of(new Lifetime(iat, exp)) : Optional.empty();
    }

    /** Whether the tokens of an instance tagged {@code tagValue} are due for renewal at {@code now}. */
    public static boolean due(String tagValue, Instant now, Duration maxAge) {
        return parseTag(tagValue).map(l -> !now.isBefore(l.renewAt(maxAge))).orElse(false);
    }

    private static OptionalLong number(Pattern p, String claims) {
        Matcher m = p.matcher(claims);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
