package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecSessionTest {

    /** {@code |} separates the words of the command; {@code \r} and {@code \n} in the input are typed keys. */
    @ParameterizedTest(name = "{0} tty={1} stdin={2}: {3}")
    @CsvSource(delimiter = ';', value = {
            // one-shot commands: the output at once, then the end
            "echo|hello world; false; false; ; hello world\\n; true",
            "sh|-c|echo a && echo b; false; false; ; a\\nb\\n; true",
            "hostname; false; true; ; web-1\\n; true",
            "ls|-la; false; false; ; ls: command not found\\n; true",
            "echo|hi; true; false; ; hi\\r\\n; true",
            // the interactive shell: without a TTY no echo and no prompt
            "sh; false; true; echo one\\nhostname\\n; one\\nweb-1\\n; false",
            "sh; false; true; echo one\\nexit 3\\necho never\\n; one\\n; true",
            // with a TTY: the prompt, the typed keys echoed, output with CR LF
            "bash; true; true; echo x\\r; '# echo x\\r\\nx\\r\\n# '; false",
            "sh; true; true; exit\\r; '# exit\\r\\n'; true",
            // cat sends its input back
            "cat; false; true; abc\\n; abc\\n; false",
            // a shell without stdin has nothing to read: it ends at once
            "sh; false; false; echo x\\n; ; true"})
    void whatTheContainerSendsBack(String command, boolean tty, boolean stdin, String typed, String expected, boolean ended) {
        ContainerExec.Session session = new ContainerExec.Session("eci-1", "web-1", "main", List.of(command.split("\\|")),
                tty, stdin, Long.MAX_VALUE);
        ExecSession s = new ExecSession(session);
        StringBuilder out = new StringBuilder(new String(s.start(), StandardCharsets.UTF_8));
        String keys = typed == null ? "" : typed.replace("\\n", "\n").replace("\\r", "\r");
        out.append(s.feed(keys.getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).collect(Collectors.joining()));
        assertThat(out.toString()).isEqualTo(expected == null ? "" : expected.replace("\\n", "\n").replace("\\r", "\r"));
        assertThat(s.ended()).isEqualTo(ended);
    }
}
