package io.vnode.emulator.domain;

/**
 * A strict JSON (RFC 8259) syntax check for parameters the cloud parses as JSON, such as
 * {@code FlexVolume.Options}. Pure; values are checked, not built.
 */
final class JsonText {

    private static final int MAX_DEPTH = 64;

    private final String s;
    private int at;

    private JsonText(String s) {
        this.s = s;
    }

    /** Whether the text is one JSON object, with nothing but whitespace around it. */
    static boolean isObject(String text) {
        JsonText j = new JsonText(text);
        j.space();
        if (j.at >= text.length() || text.charAt(j.at) != '{' || !j.value(0)) {
            return false;
        }
        j.space();
        return j.at == text.length();
    }

    private boolean value(int depth) {
        if (at >= s.length() || depth > MAX_DEPTH) {
            return false;
        }
        return switch (s.charAt(at)) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> word("true");
            case 'f' -> word("false");
            case 'n' -> word("null");
            default -> number();
        };
    }

    private boolean object(int depth) {
        at++;
        space();
        if (eat('}')) {
            return true;
        }
        do {
            space();
            if (at >= s.length() || s.charAt(at) != '"' || !string()) {
                return false;
            }
            space();
            if (!eat(':')) {
                return false;
            }
            space();
            if (!value(depth + 1)) {
                return false;
            }
            space();
        } while (eat(','));
        return eat('}');
    }

    private boolean array(int depth) {
        at++;
        space();
        if (eat(']')) {
            return true;
        }
        do {
            space();
            if (!value(depth + 1)) {
                return false;
            }
            space();
        } while (eat(','));
        return eat(']');
    }

    private boolean string() {
        at++;
        while (at < s.length()) {
            char c = s.charAt(at++);
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false;
            }
            if (c == '\\') {
                if (at >= s.length()) {
                    return false;
                }
                char e = s.charAt(at++);
                if (e == 'u') {
                    if (at + 4 > s.length() || !s.substring(at, at + 4).matches("[0-9a-fA-F]{4}")) {
                        return false;
                    }
                    at += 4;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean number() {
        int start = at;
        while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
            at++;
        }
        return s.substring(start, at).matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    }

    private boolean word(String w) {
        if (s.startsWith(w, at)) {
            at += w.length();
            return true;
        }
        return false;
    }

    private boolean eat(char c) {
        if (at < s.length() && s.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void space() {
        while (at < s.length() && " \t\r\n".indexOf(s.charAt(at)) >= 0) {
            at++;
        }
    }
}
