package io.vnode.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One exec session on the WebSocket, as plain Java: what the container sends back for what is typed. The
 * socket carries raw bytes both ways (the terminal's input; the command's output, stdout and stderr
 * together). An interactive shell ({@code sh} with no script) reads lines, runs each with {@link ExecShell}
 * and prints its output, with a TTY echoing what is typed and prompting {@code "# "}; {@code exit}
 * ends it. {@code cat} sends its input back. Any other command, or one without stdin, runs once at the
 * start and the session ends. Not thread-safe: one socket's frames come in order.
 */
final class ExecSession {

    static final String PROMPT = "# ";

    private final ExecShell shell;
    private final ContainerExec.Session session;
    private final ByteArrayOutputStream typed = new ByteArrayOutputStream();
    private boolean ended;

    ExecSession(ContainerExec.Session session) {
        this.session = session;
        this.shell = new ExecShell(session.hostname());
    }

    /** What is sent as soon as the socket opens; {@link #ended()} may be true after it. */
    byte[] start() {
        boolean interactive = session.stdin() && (ExecShell.isInteractiveShell(session.command()) || ExecShell.isCat(session.command()));
        if (!interactive) {
            ended = true;
            ExecShell.Result r = shell.run(session.command(), "");
            String out = session.tty() ? r.output().replace("\n", "\r\n") : r.output();
            return out.getBytes(StandardCharsets.UTF_8);
        }
        return ExecShell.isInteractiveShell(session.command()) && session.tty() ? PROMPT.getBytes(StandardCharsets.UTF_8) : new byte[0];
    }

    /** What the container sends back for {@code input}. */
    List<byte[]> feed(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        if (ended) {
            return out;
        }
        if (ExecShell.isCat(session.command())) {
            out.add(input);
            return out;
        }
        for (byte b : input) {
            if (b == '\r' || b == '\n') {
                if (session.tty()) {
                    out.add("\r\n".getBytes(StandardCharsets.UTF_8));
                }
                ExecShell.Line line = shell.line(typed.toString(StandardCharsets.UTF_8));
                typed.reset();
                out.add(line.bytes(session.tty()));
                if (line.exitCode() != null) {
                    ended = true;
                    return out;
                }
                if (session.tty()) {
                    out.add(PROMPT.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                typed.write(b);
                if (session.tty()) {
                    out.add(new byte[] {b});
                }
            }
        }
        return out;
    }

    boolean ended() {
        return ended;
    }
}
