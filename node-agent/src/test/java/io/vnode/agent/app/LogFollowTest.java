package io.vnode.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.agent.domain.LogPolling;
import io.vnode.agent.domain.LogQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A followed log against a cloud log in memory: lines appear between reads, the container ends. */
class LogFollowTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    /** The cloud's log: timestamped lines, filtered by since and tail as DescribeContainerLog does. */
    static final class CloudLog implements ContainerLogs {
        final List<Instant> times = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        void print(int second, String line) {
            times.add(T0.plusSeconds(second));
            lines.add(line);
        }

        @Override
        public String logs(String instanceId, String container, Integer tailLines, boolean timestamps, boolean previous, Instant since) {
            calls.add("tail=" + tailLines + " since=" + since + " ts=" + timestamps + " previous=" + previous);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (since == null || !times.get(i).isBefore(since)) {
                    out.add(timestamps ? times.get(i) + " " + lines.get(i) : lines.get(i));
                }
            }
            if (tailLines != null) {
                out = out.subList(Math.max(0, out.size() - tailLines), out.size());
            }
            return out.isEmpty() ? "" : String.join("\n", out) + "\n";
        }
    }

    final CloudLog cloud = new CloudLog();
    final LogFollows follows = new LogFollows(cloud, new LogPolling(300, Duration.ofSeconds(1)), Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
    boolean ended;

    LogFollow open(Map<String, String> params) {
        return follows.open("eci-1", "main", LogQuery.of(params, T0.plusSeconds(5)), () -> ended);
    }

    @Test
    void aFollowedLogGivesEachLineOnceAndEndsAfterTheContainerWithOneLastRead() {
        cloud.print(1, "one");
        cloud.print(1, "one again");
        try (LogFollow follow = open(Map.of("follow", "true"))) {
            assertThat(follow.next()).isEqualTo(new LogFollow.Piece("one\none again\n", false));
            assertThat(follows.following()).isEqualTo(1);
            assertThat(follow.next()).isEqualTo(new LogFollow.Piece("", false));
            cloud.print(1, "third in the same second");
            cloud.print(3, "two");
            assertThat(follow.next()).isEqualTo(new LogFollow.Piece("third in the same second\ntwo\n", false));
            ended = true;
            cloud.print(4, "last words");
            assertThat(follow.next()).isEqualTo(new LogFollow.Piece("last words\n", true));
        }
        assertThat(follows.following()).isZero();
        assertThat(cloud.calls).containsExactly("tail=null since=null ts=true previous=false",
                "tail=null since=2026-12-03T10:00:01Z ts=true previous=false",
                "tail=null since=2026-12-03T10:00:01Z ts=true previous=false",
                "tail=null since=2026-12-03T10:00:03Z ts=true previous=false");
    }

    @Test
    void timestampsAreKeptWhenAskedAndTailAndLimitBytesCut() {
        cloud.print(1, "a");
        cloud.print(2, "b");
        cloud.print(3, "c");
        try (LogFollow follow = open(Map.of("follow", "true", "tailLines", "2", "timestamps", "true", "limitBytes", "68"))) {
            assertThat(follow.next()).isEqualTo(new LogFollow.Piece("2026-12-03T10:00:02Z b\n2026-12-03T10:00:03Z c\n", false));
            cloud.print(4, "é is two bytes in UTF-8");
            // 68 bytes in all: 22 left after 46, which would cut "é" (2 bytes from the 22nd) in half: 21 are given
            assertThat(follow.next()).isEqualTo(new LogFollow.Piece("2026-12-03T10:00:04Z ", true));
        }
    }

    @Test
    void tailZeroFollowsOnlyWhatIsPrintedFromNowOn() {
        cloud.print(1, "old");
        try (LogFollow follow = open(Map.of("follow", "true", "tailLines", "0"))) {
            assertThat(follow.next().text()).isEmpty();
            cloud.print(6, "new");
            assertThat(follow.next().text()).isEqualTo("new\n");
        }
    }

    @Test
    void withoutFollowOrForThePreviousContainerOneReadAsAsked() {
        cloud.print(1, "a");
        cloud.print(2, "b");
        try (LogFollow once = open(Map.of("tailLines", "1"))) {
            assertThat(once.next()).isEqualTo(new LogFollow.Piece("b\n", true));
        }
        try (LogFollow previous = open(Map.of("follow", "true", "previous", "true", "sinceSeconds", "4"))) {
            assertThat(previous.next()).isEqualTo(new LogFollow.Piece("a\nb\n", true));
        }
        assertThat(follows.following()).isZero();
        assertThat(cloud.calls).containsExactly("tail=1 since=null ts=false previous=false",
                "tail=null since=2026-12-03T10:00:01Z ts=false previous=true");
    }
}
