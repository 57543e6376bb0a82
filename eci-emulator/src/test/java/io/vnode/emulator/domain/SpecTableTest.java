package io.vnode.emulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecTableTest {

    @ParameterizedTest(name = "ECI {0}C/{1}G supported: {2}")
    @CsvSource({"0.25,0.5,true", "0.25,2,false", "2,4,true", "2,1,true", "4,32,true", "4,64,false", "7,13,false",
            "52,96,true", "64,512,true", "64,64,false", "1.5,3,false"})
    void eciTable(double cpu, double mem, boolean supported) {
        assertThat(SpecTable.eciDefault().contains(cpu, mem)).isEqualTo(supported);
    }

    @ParameterizedTest(name = "ACS {0}C/{1}G supported: {2}")
    @CsvSource({"0.25,2,true", "0.5,4,true", "0.5,5,false", "1.5,2,true", "1.5,12,true", "1.5,13,false", "1.5,1,false",
            "2,16,true", "16,128,true", "16,129,false", "16.5,20,false", "24,192,true", "48,384,true", "64,512,true",
            "2.5,5,true"})
    void acsTable(double cpu, double mem, boolean supported) {
        assertThat(SpecTable.acsDefault().contains(cpu, mem)).isEqualTo(supported);
    }

    @ParameterizedTest(name = "ECI round up {0}C/{1}G -> {2}")
    @CsvSource({"0.1,0.1,0.25-0.5Gi", "1,3,1-4Gi", "3,6,4-8Gi", "7,13,8-16Gi", "4.25,8.5,8-16Gi", "2,5,2-8Gi",
            "64,512,64-512Gi", "65,1,NONE"})
    void eciRoundUp(double cpu, double mem, String expected) {
        assertThat(SpecTable.eciDefault().roundUp(cpu, mem).map(Spec::key).orElse("NONE")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "parse {0} -> {1} specs")
    @CsvSource(delimiter = ';', value = {"2-4Gi;1", "2-1,2,4;3", "0.5-1,2;2"})
    void parsesEntries(String entry, int count) {
        assertThat(SpecTable.parse(List.of(entry)).size()).isEqualTo(count);
    }

    @ParameterizedTest
    @CsvSource({"2,4,2-4Gi", "0.5,1,0.5-1Gi", "1.5,3,1.5-3Gi", "0.25,0.5,0.25-0.5Gi"})
    void specKey(double cpu, double mem, String key) {
        assertThat(new Spec(cpu, mem).key()).isEqualTo(key);
        assertThat(Spec.parse(key)).isEqualTo(new Spec(cpu, mem));
    }
}
