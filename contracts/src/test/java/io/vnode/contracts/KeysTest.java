package io.vnode.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeysTest {

    static Stream<Arguments> annotations() {
        return Stream.of(
                Arguments.of(null, null),
                Arguments.of(Map.of(), null),
                Arguments.of(Map.of(Keys.ACS_INSTANCE_ID, "acs-1"), "acs-1"),
                Arguments.of(Map.of(Keys.ECI_INSTANCE_ID, "eci-1"), "eci-1"),
                Arguments.of(Map.of(Keys.ACS_INSTANCE_ID, "acs-1", Keys.ECI_INSTANCE_ID, "eci-1"), "acs-1"),
                Arguments.of(Map.of(Keys.ACS_INSTANCE_ID, " ", Keys.ECI_INSTANCE_ID, "eci-1"), "eci-1"),
                Arguments.of(Map.of(Keys.ECI_INSTANCE_ID, ""), null));
    }

    @ParameterizedTest
    @MethodSource("annotations")
    void instanceIdOfAPodIsReadOneWay(Map<String, String> annotations, String expected) {
        assertThat(Keys.instanceIdOf(annotations == null ? null : new HashMap<>(annotations))).isEqualTo(expected);
    }
}
