package io.vnode.executor.domain;

/** The ClientToken of each create attempt (the cloud's idempotency key, at most 64 characters). */
public final class ClientTokens {

    private static final int MAX_LENGTH = 64;

    private ClientTokens() {
    }

    /**
     * The token for the spec at {@code index}: the command's token for the first, a derived one for
     * the next (the cloud refuses a token reused with other parameters).
     */
    public static String forSpec(String commandToken, int index) {
        if (index == 0) {
            return commandToken;
        }
        String suffix = "-s" + index;
        String base = commandToken.length() + suffix.length() > MAX_LENGTH
                ? commandToken.substring(0, MAX_LENGTH - suffix.length()) : commandToken;
        return base + suffix;
    }
}
