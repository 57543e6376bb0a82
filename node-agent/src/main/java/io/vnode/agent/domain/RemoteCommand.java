package io.vnode.agent.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The kubelet's exec over WebSocket ({@code v5.channel.k8s.io}, {@code v4.channel.k8s.io}), as the API
 * server proxies kubectl's stream to the node: each binary message is one channel byte and its data
 * (0 stdin, 1 stdout, 2 stderr, 3 the final status, 4 terminal resize; v5 adds 255, a stream closed).
 * The command's end is a {@code metav1.Status} on channel 3: Success, or Failure with a message kubectl
 * prints. Plain Java.
 */
public final class RemoteCommand {

    public static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
    public static final byte STDIN = 0;
    public static final byte STDOUT = 1;
    public static final byte STDERR = 2;
    public static final byte ERROR = 3;

    private RemoteCommand() {
    }

    /**
     * What the API server asks ({@code command} repeated, {@code stdin}, {@code stdout}, {@code stderr},
     * {@code tty} as {@code 1}/{@code true}).
     */
    public record Options(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {

        /** @throws IllegalArgumentException naming what is missing, as the kubelet words it */
        public static Options of(Map<String, List<String>> query, boolean commandRequired) {
            List<String> command = query.getOrDefault("command", List.of());
            if (commandRequired && command.isEmpty()) {
                throw new IllegalArgumentException("you must specify at least one command for the container");
            }
            Options o = new Options(List.copyOf(command), flag(query, "input") || flag(query, "stdin"),
                    flag(query, "output") || flag(query, "stdout"), flag(query, "error") || flag(query, "stderr"),
                    flag(query, "tty"));
            if (!o.stdin && !o.stdout && !o.stderr) {
                throw new IllegalArgumentException("you must specify at least one of stdin, stdout, stderr");
            }
            return o;
        }

        /** Nothing to type and no terminal: the command runs to its end and its output is sent at once. */
        public boolean runToEnd() {
            return !stdin && !tty;
        }

        /** The channel the cloud's output (stdout and stderr together) goes to. */
        public byte outputChannel() {
            return stdout || tty ? STDOUT : STDERR;
        }

        private static boolean flag(Map<String, List<String>> query, String name) {
            List<String> v = query.get(name);
            return v != null && !v.isEmpty() && (v.get(0).equals("1") || v.get(0).equalsIgnoreCase("true"));
        }
    }

    /** One message: the channel byte, then the data. */
    public static byte[] frame(byte channel, byte[] data) {
        byte[] out = new byte[data.length + 1];
        out[0] = channel;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    /** The data of a stdin message; null for any other channel (resize, a closed stream). */
    public static byte[] stdinOf(byte[] message) {
        if (message.length == 0 || message[0] != STDIN) {
            return null;
        }
        byte[] data = new byte[message.length - 1];
        System.arraycopy(message, 1, data, 0, data.length);
        return data;
    }

    /** The command ended. The cloud reports no exit code, so an ended command is a success. */
    public static byte[] success() {
        return frame(ERROR, "{\"metadata\":{},\"status\":\"Success\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** The command could not run: kubectl prints {@code message}. */
    public static byte[] failure(String message) {
        String quoted = quote(message);
        return frame(ERROR, ("{\"metadata\":{},\"status\":\"Failure\",\"message\":" + quoted
                + ",\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":" + quoted + "}]},\"code\":500}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
