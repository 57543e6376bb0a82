package io.vnode.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a command run in a container by ExecContainerCommand does: the commands {@link CommandBehaviour}
 * follows ({@code echo}, {@code true}, {@code false}, {@code exit N}, {@code sleep N}, and {@code sh -c} of
 * these; a sleep takes no time here), plus {@code hostname} (the instance's name) and {@code cat} (its
 * input back). Anything else prints {@code <program>: command not found} and exits 127, as a shell of a
 * minimal image would. Deterministic and plain Java.
 */
final class ExecShell {

    /** The output (stdout and stderr together, as the cloud returns them) and the exit code. */
    record Result(String output, int exitCode) {
    }

    private final String hostname;

    ExecShell(String hostname) {
        this.hostname = hostname;
    }

    /** Runs {@code argv} with {@code input} as its standard input. */
    Result run(List<String> argv, String input) {
        if (argv.isEmpty()) {
            return new Result("", 0);
        }
        String program = program(argv);
        if (program.equals("hostname") && argv.size() == 1) {
            return new Result(hostname + "\n", 0);
        }
        if (program.equals("cat") && argv.size() == 1) {
            return new Result(input, 0);
        }
        if (isInteractiveShell(argv)) { // a shell reading its input: with none, it ends at once
            return new Result("", 0);
        }
        Optional<ImageBehaviour> followed = CommandBehaviour.of("exec", argv, List.of());
        if (followed.isEmpty()) {
            return new Result(program + ": command not found\n", 127);
        }
        StringBuilder out = new StringBuilder();
        followed.get().logLines().forEach(line -> out.append(line).append('\n'));
        return new Result(out.toString(), followed.get().exitCode() == null ? 0 : followed.get().exitCode());
    }

    /** A shell with no script: it reads command lines from its input. */
    static boolean isInteractiveShell(List<String> argv) {
        String program = argv.isEmpty() ? "" : program(argv);
        return (program.equals("sh") || program.equals("bash") || program.equals("ash")) && argv.size() == 1;
    }

    static boolean isCat(List<String> argv) {
        return argv.size() == 1 && program(argv).equals("cat");
    }

    /**
     * One line typed into the interactive shell: its output, and the exit code when the line ends the
     * session ({@code exit [N]}), else null.
     */
    Line line(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new Line("", null);
        }
        List<String> words = new ArrayList<>(List.of(trimmed.split("\\s+")));
        if (words.get(0).equals("exit")) {
            Integer code = 0;
            if (words.size() > 1) {
                try {
                    code = Integer.parseInt(words.get(1)) & 0xff;
                } catch (NumberFormatException e) {
                    code = 2;
                }
            }
            return new Line("", code);
        }
        Result r = words.get(0).equals("hostname") || words.get(0).equals("cat") ? run(words, "")
                : run(List.of("sh", "-c", trimmed), "");
        return new Line(r.output(), null);
    }

    record Line(String output, Integer exitCode) {
        byte[] bytes(boolean tty) {
            String text = tty ? output.replace("\n", "\r\n") : output;
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String program(List<String> argv) {
        return argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    }
}
