package io.vnode.emulator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiskRulesTest {

    static final Map<String, CloudDisk> DISKS = Map.of(
            "d-j", new CloudDisk("d-j", "cn-hangzhou-j", 20),
            "d-k", new CloudDisk("d-k", "cn-hangzhou-k", 20),
            "d-held", new CloudDisk("d-held", "cn-hangzhou-j", 40));
    static final Map<String, String> HOLDERS = Map.of("d-held", "eci-other");

    final CreateRequestParser parser = new CreateRequestParser(SpecTable.eciDefault(), SpecTable.acsDefault(),
            List.of("cn-hangzhou-j", "cn-hangzhou-k"), Map.of("vsw-j", "cn-hangzhou-j", "vsw-k", "cn-hangzhou-k"));

    /** A request placed by {@code placement} ("VSwitchId=..." or "ZoneId=..." or "-") attaching the disks. */
    CreateRequest request(String placement, String disks) {
        Map<String, String> m = CreateRequestParserTest.valid();
        if (!placement.equals("-")) {
            m.put(placement.substring(0, placement.indexOf('=')), placement.substring(placement.indexOf('=') + 1));
        }
        int n = 0;
        for (String disk : disks.split(",")) {
            if (!disk.equals("-")) {
                n++;
                m.put("Volume." + n + ".Name", "v" + n);
                m.put("Volume." + n + ".Type", "DiskVolume");
                m.put("Volume." + n + ".DiskVolume.DiskId", disk);
            }
        }
        return parser.parse(Params.of(m));
    }

    @ParameterizedTest(name = "{0}, disks {1} -> zones {2}")
    @CsvSource(delimiter = '|', value = {
            "-|-|cn-hangzhou-j,cn-hangzhou-k",
            "-|d-k|cn-hangzhou-k",
            "-|d-j|cn-hangzhou-j",
            "VSwitchId=vsw-j,vsw-k|d-k|cn-hangzhou-k",
            "VSwitchId=vsw-k,vsw-j|d-j|cn-hangzhou-j",
            "ZoneId=cn-hangzhou-k|d-k|cn-hangzhou-k",
            "-|d-j,d-j|cn-hangzhou-j",
    })
    void placesTheInstanceInItsDisksZone(String placement, String disks, String zones) {
        assertThat(DiskRules.placements(request(placement, disks), DISKS::get, HOLDERS::get))
                .extracting(CreateRequest.Placement::zoneId)
                .containsExactlyElementsOf(Arrays.stream(zones.split(",")).filter(z -> !z.isEmpty()).toList());
    }

    @ParameterizedTest(name = "{0}, disks {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "-|d-none|404|InvalidDiskId.NotFound|The specified disk does not exist.",
            "-|d-j,d-none|404|InvalidDiskId.NotFound|The specified disk does not exist.",
            "VSwitchId=vsw-j|d-k|400|DiskVolume.NotInSameZone|The disk d-k is in zone cn-hangzhou-k, but the instance can only be placed in cn-hangzhou-j.",
            "ZoneId=cn-hangzhou-j|d-k|400|DiskVolume.NotInSameZone|The disk d-k is in zone cn-hangzhou-k, but the instance can only be placed in cn-hangzhou-j.",
            "-|d-j,d-k|400|DiskVolume.NotInSameZone|The disk d-k is in zone cn-hangzhou-k, but the instance can only be placed in cn-hangzhou-j.",
            "-|d-held|403|IncorrectDiskStatus|The disk d-held is attached to eci-other.",
            "-|d-j,d-held|403|IncorrectDiskStatus|The disk d-held is attached to eci-other.",
    })
    void refusesWithTheCloudsCode(String placement, String disks, int status, String code, String message) {
        CreateRequest r = request(placement, disks);
        assertThatThrownBy(() -> DiskRules.placements(r, DISKS::get, HOLDERS::get))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
