package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogCursorTest {

    static final String T1 = "2026-12-03T10:00:01Z";
    static final String T2 = "2026-12-03T10:00:02Z";
    static final String T3 = "2026-12-03T10:00:03.500Z";

    /** Two reads in a row: what the second gives. */
    static Stream<Arguments> reads() {
        return Stream.of(
                Arguments.of("a read repeating the last instant gives nothing new",
                        T1 + " a\n" + T2 + " b\n", T2 + " b\n", List.of()),
                Arguments.of("a second line of the last instant is new",
                        T1 + " a\n" + T2 + " b\n", T2 + " b\n" + T2 + " c\n", List.of(T2 + " c")),
                Arguments.of("later lines are new, earlier ones are not",
                        T2 + " b\n", T1 + " a\n" + T2 + " b\n" + T3 + " d\n", List.of(T3 + " d")),
                Arguments.of("a continuation line belongs to its entry's instant",
                        T2 + " b\n  at x\n", T2 + " b\n  at x\n  at y\n" + T3 + " d\n", List.of("  at y", T3 + " d")),
                Arguments.of("an empty read changes nothing", T2 + " b\n", "", List.of()),
                Arguments.of("nothing seen yet: everything is new", "", T1 + " a\nno time\n", List.of(T1 + " a", "no time")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void aReadFromTheLastInstantGivesOnlyWhatIsNew(String story, String first, String second, List<String> fresh) {
        LogCursor cursor = new LogCursor();
        cursor.advance(first);
        assertThat(cursor.advance(second)).isEqualTo(fresh);
    }

    @Test
    void resumesFromTheLastInstantSeenAndStripsTimes() {
        LogCursor cursor = new LogCursor();
        assertThat(cursor.resumeFrom()).isNull();
        assertThat(cursor.advance(T1 + " a\n" + T3 + " b\n")).containsExactly(T1 + " a", T3 + " b");
        assertThat(cursor.resumeFrom()).isEqualTo(java.time.Instant.parse(T3));
        assertThat(LogCursor.withoutTime(T3 + " b c")).isEqualTo("b c");
        assertThat(LogCursor.withoutTime("plain line")).isEqualTo("plain line");
    }
}
