package io.vnode.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a container does when its command is one the emulator can follow: {@code sleep N}, {@code echo ...},
 * {@code true}, {@code false}, {@code exit N}, alone or as a shell script ({@code sh -c "echo hi; sleep 2;
 * exit 3"}: statements joined by {@code ;}, {@code &&} or new lines). The script's echoes are the
 * container's log, its sleeps how long it runs, its exit (or 0 at its end) the exit code. A command with
 * anything else (a loop, a variable, a program) is not followed: the image decides ({@link ImageBehaviour}).
 */
public final class CommandBehaviour {

    private CommandBehaviour() {
    }

    /** The behaviour of {@code command} + {@code args} (Kubernetes' entrypoint and arguments), when followed. */
    public static Optional<ImageBehaviour> of(String image, List<String> command, List<String> args) {
        List<String> argv = new ArrayList<>(command == null ? List.of() : command);
        argv.addAll(args == null ? List.of() : args);
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        String script;
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        if ((program.equals("sh") || program.equals("bash") || program.equals("ash")) && argv.size() >= 3
                && argv.get(1).equals("-c")) {
            script = argv.get(2);
        } else {
            script = String.join(" ", argv.stream().map(CommandBehaviour::quoteIfSpaced).toList());
        }
        return run(image, script);
    }

    private static String quoteIfSpaced(String s) {
        return s.contains(" ") ? "\"" + s + "\"" : s;
    }

    private static Optional<ImageBehaviour> run(String image, String script) {
        List<String> log = new ArrayList<>();
        Duration elapsed = Duration.ZERO;
        for (String raw : script.split("&&|;|\\n")) {
            String statement = raw.strip();
            if (statement.isEmpty()) {
                continue;
            }
            List<String> words = words(statement);
            if (words == null) {
                return Optional.empty();
            }
            switch (words.get(0)) {
                case "echo" -> log.add(String.join(" ", words.subList(1, words.size())));
                case "true", ":" -> {
                }
                case "false" -> {
                    return Optional.of(exit(image, 1, elapsed, log));
                }
                case "sleep" -> {
                    Duration d = seconds(words);
                    if (d == null) {
                        return Optional.empty();
                    }
                    elapsed = elapsed.plus(d);
                }
                case "exit" -> {
                    Integer code = words.size() == 1 ? Integer.valueOf(0) : integer(words.get(1));
                    if (code == null) {
                        return Optional.empty();
                    }
                    return Optional.of(exit(image, code & 0xff, elapsed, log));
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(exit(image, 0, elapsed, log));
    }

    private static ImageBehaviour exit(String image, int code, Duration elapsed, List<String> log) {
        return ImageBehaviour.exit(java.util.regex.Pattern.quote(image), code, elapsed, List.copyOf(log));
    }

    /** The words of a simple statement (quotes removed), or null when it uses what this does not follow. */
    private static List<String> words(String statement) {
        if (statement.matches(".*[|<>`$(){}\\[\\]*?].*")) {
            return null;
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char ch : statement.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            return null;
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words.isEmpty() ? null : words;
    }

    private static Duration seconds(List<String> words) {
        if (words.size() != 2) {
            return null;
        }
        String w = words.get(1);
        double unit = switch (w.isEmpty() ? ' ' : w.charAt(w.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            default -> 0;
        };
        try {
            double s = unit == 0 ? Double.parseDouble(w) : Double.parseDouble(w.substring(0, w.length() - 1)) * unit;
            return s < 0 || Double.isNaN(s) || Double.isInfinite(s) ? null : Duration.ofMillis((long) (s * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
