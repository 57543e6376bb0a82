package io.vnode.reconciler.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.contracts.PodRef;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageReportTest {

    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    static BillingUsageRecorded rec(String ns, String pod, int startS, int stopS) {
        InstanceSpec spec = InstanceSpec.ofCpuMemory(2, 4, null);
        return new BillingUsageRecorded("id-" + pod, new PodRef(ns, pod, "uid-" + pod), "vk", T, 1, null, "eci-" + pod,
                ComputeType.ECI, spec, T.plusSeconds(startS), T.plusSeconds(stopS), 2.0 * (stopS - startS), 4.0 * (stopS - startS), 0);
    }

    static final List<BillingUsageRecorded> RECORDS = List.of(rec("shop", "a", 0, 100), rec("shop", "b", 50, 150), rec("batch", "c", 0, 1000));

    @ParameterizedTest(name = "ns={0} [{1},{2}) -> {3} pods, {4} vCPU-s")
    @CsvSource(nullValues = "-", value = {
            "-,    -,   -,    3, 2400",
            "shop, -,   -,    2, 400",
            "shop, 0,   100,  2, 300",
            "shop, 100, 200,  1, 100",
            "shop, 150, 200,  0, 0",
            "batch, 900, -,   1, 200",
    })
    void clipsToThePeriodAndTotals(String ns, Integer from, Integer to, int pods, double vcpu) {
        UsageReport r = UsageReport.of(RECORDS, ns, from == null ? null : T.plusSeconds(from), to == null ? null : T.plusSeconds(to));
        assertThat(r.totals().pods()).isEqualTo(pods);
        assertThat(r.totals().vcpuSeconds()).isEqualTo(vcpu);
        assertThat(r.totals().gibSeconds()).isEqualTo(vcpu * 2);
    }

    @Test
    void csvHasAHeaderALinePerRecordAndATotal() {
        String csv = UsageReport.of(RECORDS, "shop", null, null).toCsv();
        assertThat(csv.split("\r\n")).containsExactly(
                UsageReport.CSV_HEADER,
                "shop,a,uid-a,eci-a,ECI,2-4Gi,2026-11-23T10:00:00Z,2026-11-23T10:01:40Z,100,200,400,0",
                "shop,b,uid-b,eci-b,ECI,2-4Gi,2026-11-23T10:00:50Z,2026-11-23T10:02:30Z,100,200,400,0",
                "TOTAL,shop,,,,,,,200,400,800,0");
    }

    @Test
    void anEmptyPeriodIsABadRequest() {
        assertThatThrownBy(() -> UsageReport.of(RECORDS, null, T, T)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after");
    }
}
