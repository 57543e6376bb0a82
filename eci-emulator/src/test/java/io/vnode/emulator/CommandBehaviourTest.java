package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandBehaviourTest {

    /** command | args (each split on '|' ... '^' separates words) | exit code (- : not followed) | seconds | log lines joined by '/'. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "~", value = {
            "sh^-c          | exit 1                              | 1 | 0    | ~",
            "/bin/sh^-c     | echo hello; sleep 2; exit 3         | 3 | 2    | hello",
            "sh^-c          | echo 'a b' && echo \"c\"            | 0 | 0    | a b/c",
            "bash^-c        | sleep 1.5\\nfalse                    | 1 | 1.5  | ~",
            "sleep          | 30                                  | 0 | 30   | ~",
            "sleep          | 2m                                  | 0 | 120  | ~",
            "sleep          | 1000h                               | 0 | 3600000 | ~",
            "echo           | done                                | 0 | 0    | done",
            "true           | ~                                   | 0 | 0    | ~",
            "sh^-c          | exit 300                            | 44 | 0   | ~",
            // what the emulator does not follow: the image decides
            "sleep          | infinity                            | - | 0    | ~",
            "sh^-c          | while true; do echo hi; sleep 5; done | - | 0  | ~",
            "sh^-c          | echo $HOME                          | - | 0    | ~",
            "sh^-c          | nginx -g 'daemon off;'              | - | 0    | ~",
            "nginx          | -g^daemon off;                      | - | 0    | ~",
            "/bin/web       | --port=8080                         | - | 0    | ~",
            "~              | ~                                   | - | 0    | ~"})
    void followsSimpleCommands(String command, String args, String exitCode, double seconds, String log) {
        Optional<ImageBehaviour> b = CommandBehaviour.of("busybox:1.36", words(command), words(args == null ? null : args.replace("\\n", "\n")));
        if (exitCode.equals("-")) {
            assertThat(b).isEmpty();
            return;
        }
        assertThat(b).isPresent();
        assertThat(b.get().exitCode()).isEqualTo(Integer.parseInt(exitCode));
        assertThat(b.get().runFor()).isEqualTo(Duration.ofMillis((long) (seconds * 1000)));
        assertThat(b.get().logLines()).isEqualTo(log == null ? List.of() : List.of(log.split("/")));
        assertThat(b.get().matches("busybox:1.36")).isTrue();
    }

    private static List<String> words(String s) {
        if (s == null) {
            return List.of();
        }
        // a shell script is one argument; other args are split on '^'
        return Arrays.asList(s.split("\\^"));
    }
}
