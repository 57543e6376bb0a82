package io.vnode.translator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.contracts.instance.InstanceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecTableTest {

    @ParameterizedTest(name = "ECI {0} vCPU {1} GiB -> {2}")
    @CsvSource({
        "0.1,   0.1,  0.25-0.5Gi",
        "0.25,  1,    0.25-1Gi",
        "0.3,   0.5,  0.5-1Gi",
        "1,     3,    1-4Gi",
        "2,     4,    2-4Gi",
        "2,     0.5,  2-1Gi",
        "1.75,  3.5,  2-4Gi",
        "2,     20,   4-32Gi",
        "7,     13,   8-16Gi",
        "9,     10,   12-12Gi",
        "52,    100,  52-192Gi",
        "64,    512,  64-512Gi",
    })
    void eciRoundsUpToTheSmallestRowThenTheSmallestMemory(double cpu, double mem, String expected) {
        assertThat(SpecTable.eciDefault().roundUp(cpu, mem, null).name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "ACS {0} vCPU {1} GiB -> {2}")
    @CsvSource({
        "0.25, 2,    0.25-2Gi",
        "0.5,  3,    0.5-3Gi",
        "1.5,  2,    1.5-2Gi",
        "1.5,  1,    1.5-2Gi",
        "1.25, 3,    1.5-3Gi",
        "2,    2,    2-2Gi",
        "2,    4,    2-4Gi",
        "2,    16,   2-16Gi",
        "2,    17,   2.5-17Gi",
        "2.5,  5,    2.5-5Gi",
        "16,   128,  16-128Gi",
        "17,   20,   24-24Gi",
        "48,   100,  48-192Gi",
    })
    void acsFineGrainedTable(double cpu, double mem, String expected) {
        assertThat(SpecTable.acsDefault().roundUp(cpu, mem, null).name()).isEqualTo(expected);
    }

    @Test
    void nothingFitsBeyondTheLargest() {
        assertThat(SpecTable.eciDefault().roundUp(65, 1, null)).isNull();
        assertThat(SpecTable.eciDefault().roundUp(64, 600, null)).isNull();
        assertThat(SpecTable.eciDefault().largest()).isEqualTo("64-512Gi");
        assertThat(SpecTable.acsDefault().roundUp(64, 513, null)).isNull();
    }

    @Test
    void aRegionalTableIsConfiguration() {
        SpecTable hangzhou = SpecTable.parse(List.of("2-4Gi", "4-6Gi", "6-10Gi", "8-14Gi"));
        assertThat(hangzhou.roundUp(7, 13, null)).isEqualTo(InstanceSpec.ofCpuMemory(8, 14, null));
        assertThat(hangzhou.roundUp(3, 6, null).name()).isEqualTo("4-6Gi");
        assertThat(hangzhou.roundUp(4.25, 8.5, null).name()).isEqualTo("6-10Gi");
        assertThatThrownBy(() -> SpecTable.parse(List.of("2c4g"))).hasMessageContaining("2c4g");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2-4Gi|2|4", "0.5-1Gi|0.5|1", "12-96Gi|12|96",
        "2-4||", "2-4G||", "-4Gi||", "2-Gi||", "a-4Gi||", "2.-4Gi||", "0-4Gi||", "2-4Gi-8Gi||"})
    void cpuMemorySpecNames(String text, Double cpu, Double mem) {
        double[] cm = SpecTable.parseCpuMemory(text);
        if (cpu == null) {
            assertThat(cm).isNull();
        } else {
            assertThat(cm).containsExactly(cpu, mem);
        }
    }
}
