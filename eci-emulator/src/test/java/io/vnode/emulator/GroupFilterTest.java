package io.vnode.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.Spec;
import io.vnode.emulator.protocol.Params;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupFilterTest {

    /** A Scheduling instance "pod-a" in cn-hangzhou-j on vsw-1, tagged app=web and team=a. */
    static final Instance POD_A = new Instance(1, "eci-1", "pod-a", "cn-hangzhou", "cn-hangzhou-j", "vsw-1", null,
            new Spec(2, 4), null, "2-4Gi", null, null, "NoSpot", "Always", 0x0A000002,
            List.of(new Instance.Tag("app", "web"), new Instance.Tag("team", "a")),
            List.of(new ContainerRuntime("main", "nginx", 1, 2, 0, null, 0, List.of())), 1000,
            new Instance.Durations(100, 100, 100, 100));

    @ParameterizedTest(name = "{0} -> matches {1}")
    @CsvSource(delimiter = '|', value = {
            "''|true",
            "ContainerGroupName=pod-a|true",
            "ContainerGroupName=pod-b|false",
            "Status=Scheduling|true",
            "Status=Running|false",
            "ZoneId=cn-hangzhou-j|true",
            "ZoneId=cn-hangzhou-k|false",
            "VSwitchId=vsw-1|true",
            "VSwitchId=vsw-2|false",
            "Tag.1.Key=app|true",
            "Tag.1.Key=app&Tag.1.Value=web|true",
            "Tag.1.Key=app&Tag.1.Value=db|false",
            "Tag.1.Key=owner|false",
            "Tag.1.Key=app&Tag.1.Value=web&Tag.2.Key=team&Tag.2.Value=a|true",
            "Tag.1.Key=app&Tag.1.Value=web&Tag.2.Key=team&Tag.2.Value=b|false",
            "Tag.1.Value=db|true",
            "ContainerGroupName=pod-a&ZoneId=cn-hangzhou-k|false"})
    void matches(String query, boolean matches) {
        assertThat(GroupFilter.of(Params.parse(query)).test(POD_A)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} -> index {1}")
    @CsvSource(delimiter = '|', value = {
            "''|-",
            "Tag.1.Key=app|-",
            "Tag.1.Key=app&Tag.2.Key=team&Tag.2.Value=a|team=a",
            "Tag.1.Key=app&Tag.1.Value=web&Tag.2.Key=team&Tag.2.Value=a|app=web"})
    void startsFromTheFirstValuedTag(String query, String tag) {
        Instance.Tag t = GroupFilter.of(Params.parse(query)).valuedTag();
        assertThat(t == null ? "-" : t.key() + "=" + t.value()).isEqualTo(tag);
    }
}
