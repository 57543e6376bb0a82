package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemoteCommandTest {

    /** The query as the API server sends it to the kubelet ({@code &}-separated, {@code command} repeated). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "command=date&output=1&error=1; [date]; false; true; true; false; true; 1",
            "command=sh&input=1&output=1&tty=1; [sh]; true; true; false; true; false; 1",
            "command=cat&input=1&error=1; [cat]; true; false; true; false; false; 2",
            "command=ls&command=-l&stdout=true; [ls, -l]; false; true; false; false; true; 1"})
    void readsTheOptionsTheApiServerSends(String query, String command, boolean stdin, boolean stdout, boolean stderr,
                                          boolean tty, boolean runToEnd, byte channel) {
        RemoteCommand.Options o = RemoteCommand.Options.of(parse(query), true);
        assertThat(o.command().toString()).isEqualTo(command);
        assertThat(List.of(o.stdin(), o.stdout(), o.stderr(), o.tty())).containsExactly(stdin, stdout, stderr, tty);
        assertThat(o.runToEnd()).isEqualTo(runToEnd);
        assertThat(o.outputChannel()).isEqualTo(channel);
    }

    @Test
    void refusesWhatTheKubeletRefusesWithItsWords() {
        assertThatThrownBy(() -> RemoteCommand.Options.of(parse("output=1"), true))
                .hasMessage("you must specify at least one command for the container");
        assertThatThrownBy(() -> RemoteCommand.Options.of(parse("command=date"), true))
                .hasMessage("you must specify at least one of stdin, stdout, stderr");
    }

    @Test
    void framesCarryTheirChannelFirstAndTheEndIsAStatusOnChannelThree() {
        assertThat(RemoteCommand.frame(RemoteCommand.STDOUT, "hi".getBytes(StandardCharsets.UTF_8))).containsExactly(1, 'h', 'i');
        assertThat(RemoteCommand.stdinOf(new byte[] {0, 'x'})).containsExactly('x');
        assertThat(RemoteCommand.stdinOf(new byte[] {4, '{'})).isNull(); // a resize
        assertThat(RemoteCommand.stdinOf(new byte[] {(byte) 255, 0})).isNull(); // v5: stdin closed
        byte[] ok = RemoteCommand.success();
        assertThat(ok[0]).isEqualTo(RemoteCommand.ERROR);
        assertThat(new String(Arrays.copyOfRange(ok, 1, ok.length), StandardCharsets.UTF_8)).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
        byte[] failed = RemoteCommand.failure("pod \"a\" has\nno instance");
        assertThat(new String(Arrays.copyOfRange(failed, 1, failed.length), StandardCharsets.UTF_8))
                .contains("\"status\":\"Failure\"", "\"message\":\"pod \\\"a\\\" has\\nno instance\"", "\"code\":500");
    }

    private static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            m.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>()).add(kv[1]);
        }
        return m;
    }
}
