package io.vnode.emulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void decodesAndGroupsFlattenedLists() {
        Params p = Params.parse("Container.1.Name=main&Container.1.Image=nginx%3A1.25&Container.2.Name=side"
                + "&Container.1.Command.1=sh&Container.1.Command.2=-c&Tag.1.Key=a%20b", "Cpu=2");
        assertThat(p.indexed("Container")).containsOnlyKeys(1, 2);
        assertThat(p.indexed("Container").get(1).get("Image")).isEqualTo("nginx:1.25");
        assertThat(p.indexed("Container").get(1).list("Command")).containsExactly("sh", "-c");
        assertThat(p.indexed("Tag").get(1).get("Key")).isEqualTo("a b");
        assertThat(p.get("Cpu")).isEqualTo("2");
    }
}
