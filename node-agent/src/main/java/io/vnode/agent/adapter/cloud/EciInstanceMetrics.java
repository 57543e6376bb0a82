package io.vnode.agent.adapter.cloud;

import com.aliyuncs.eci.model.v20180808.DescribeMultiContainerGroupMetricRequest;
import com.aliyuncs.eci.model.v20180808.DescribeMultiContainerGroupMetricResponse;
import com.aliyuncs.eci.model.v20180808.DescribeMultiContainerGroupMetricResponse.Record.PodStat;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import io.vnode.agent.app.InstanceMetrics;
import io.vnode.agent.domain.PodUsage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeMultiContainerGroupMetric through aliyun-java-sdk-eci 1.0.13: one call for up to
 * {@link InstanceMetrics#MAX_IDS} instances, the latest record of each. Signed as {@link SignedClient} signs.
 */
public class EciInstanceMetrics implements InstanceMetrics {

    private final SignedClient signed;

    public EciInstanceMetrics(AccessKeys keys, String regionId, String endpoint, String protocol) {
        this.signed = new SignedClient(keys, regionId, endpoint, protocol);
    }

    @Override
    public Map<String, Measured> read(List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Map.of();
        }
        if (instanceIds.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " instances per read, not " + instanceIds.size());
        }
        DescribeMultiContainerGroupMetricRequest request = signed.to(new DescribeMultiContainerGroupMetricRequest());
        request.setContainerGroupIds("[" + String.join(",", instanceIds.stream().map(id -> "\"" + id + "\"").toList()) + "]");
        DescribeMultiContainerGroupMetricResponse response;
        try {
            response = signed.client().orElseThrow(() -> new Unavailable(503,
                    "no cloud AccessKey configured (vnode.cloud.access-key-id or the credentials Secret): metrics cannot be read",
                    null)).getAcsResponse(request);
        } catch (ServerException e) {
            throw new Unavailable(502, "the cloud could not return metrics: " + e.getErrCode() + " " + e.getErrMsg(), e);
        } catch (ClientException e) {
            if (EciErrors.isCredentialError(e.getErrCode())) {
                signed.keyRefused();
            }
            throw new Unavailable("SDK.ServerUnreachable".equals(e.getErrCode()) ? 503 : 502,
                    "the cloud refused the metrics request: " + e.getErrCode() + " " + e.getErrMsg(), e);
        }
        Map<String, Measured> out = new HashMap<>();
        if (response.getMonitorDatas() == null) {
            return out;
        }
        for (DescribeMultiContainerGroupMetricResponse.Record data : response.getMonitorDatas()) {
            List<PodStat> records = data.getRecords();
            if (data.getContainerGroupId() == null || records == null || records.isEmpty()) {
                continue;
            }
            PodStat latest = records.get(records.size() - 1);
            List<PodUsage.ContainerUsage> containers = new ArrayList<>();
            for (PodStat.Container c : latest.getContainers() == null ? List.<PodStat.Container>of() : latest.getContainers()) {
                containers.add(new PodUsage.ContainerUsage(c.getName(), new PodUsage.Usage(
                        c.getCPU1() == null ? 0 : n(c.getCPU1().getUsageNanoCores()),
                        c.getCPU1() == null ? 0 : n(c.getCPU1().getUsageCoreNanoSeconds()),
                        c.getMemory2() == null ? 0 : n(c.getMemory2().getWorkingSet()))));
            }
            PodUsage.Usage sum = new PodUsage.Usage(
                    latest.getCPU() == null ? 0 : n(latest.getCPU().getUsageNanoCores()),
                    latest.getCPU() == null ? 0 : n(latest.getCPU().getUsageCoreNanoSeconds()),
                    latest.getMemory() == null ? 0 : n(latest.getMemory().getWorkingSet()));
            out.put(data.getContainerGroupId(), new Measured(time(latest.getTimestamp()), sum, containers));
        }
        return out;
    }

    private static long n(Long value) {
        return value == null ? 0 : value;
    }

    private static Instant time(String timestamp) {
        try {
            return timestamp == null ? Instant.now() : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
