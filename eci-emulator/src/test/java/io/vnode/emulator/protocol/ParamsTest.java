package io.vnode.emulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamsTest {

    @Test
    void decodesAndGroupsFlattenedLists() {
        Params p = Params.parse("Container.1.Name=main&Container.1.Image=nginx%3A1.25&Container.2.Name=side"
                + "&Container.1.Command.1=sh&Container.1.Command.2=-c&Tag.1.Key=a%20b", "Cpu=2");
        assertThat(p.indexed("Container")).containsOnlyKeys(1, 2);
        assertThat(p.indexed("Container").get(1).get("Image")).isEqualTo("nginx:1.25");
        assertThat(p.indexed("Container").get(1).indexed("Command")).containsOnlyKeys(1, 2);
        assertThat(p.indexed("Tag").get(1).get("Key")).isEqualTo("a b");
        assertThat(p.get("Cpu")).isEqualTo("2");
    }

    @ParameterizedTest(name = "Limit={0} in [1, 20] -> {1}")
    @CsvSource(delimiter = '|', value = {"1|1", "20|20", "07|7", "0|InvalidParameter.Limit", "21|InvalidParameter.Limit",
            "-1|InvalidParameter.Limit", "x|InvalidParameter.Limit", "2.5|InvalidParameter.Limit", "''|InvalidParameter.Limit"})
    void getIntChecksTheRange(String value, String expected) {
        Params p = Params.parse("Limit=" + value);
        ApiException e = catchThrowableOfType(ApiException.class, () -> p.getInt("Limit", 1, 20));
        assertThat(e == null ? String.valueOf(p.getInt("Limit", 1, 20)) : e.code()).isEqualTo(expected);
    }
}
