package io.vnode.reconciler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceSpec;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnotationPlanTest {

    static final Pod POD = Fixtures.pod();

    @ParameterizedTest(name = "{0} created: {1} = {2}")
    @CsvSource(nullValues = "-", value = {
            "ECI, k8s.aliyun.com/eci-instance-id,          eci-1",
            "ECI, k8s.aliyun.com/eci-instance-spec,        2-4Gi",
            "ECI, k8s.aliyun.com/eci-client-token,         token-1",
            "ECI, k8s.aliyun.com/eci-request-id,           req-1",
            "ECI, k8s.aliyun.com/eci-instance-zone,        cn-hangzhou-k",
            "ECI, ProviderCreate,                          done",
            "ECI, alibabacloud.com/instance-id,            -",
            "ACS, alibabacloud.com/instance-id,            acs-1",
            "ACS, alibabacloud.com/pod-use-spec,           2-4Gi",
            "ACS, alibabacloud.com/pod-ephemeral-storage,  30Gi",
            "ACS, alibabacloud.com/client-token,           token-1",
            "ACS, alibabacloud.com/request-id,             req-1",
            "ACS, alibabacloud.com/schedule-result,        finished",
            "ACS, kubernetes.io/resource-type,             serverless",
            "ACS, kubernetes.io/pod-stream-port,           10250",
            "ACS, topology.kubernetes.io/region,           cn-hangzhou",
            "ACS, topology.kubernetes.io/zone,             cn-hangzhou-k",
            "ACS, ProviderCreate,                          done",
            "ACS, k8s.aliyun.com/eci-instance-id,          -",
    })
    void createdAnnotationsAsTheSeedsShowThem(ComputeType type, String key, String value) {
        assertThat(AnnotationPlan.forCreated(Fixtures.created(POD, 1, type)).get(key)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", value = {
            "2-4Gi,               2.0, 4.0, -",
            "0.5-1Gi,             0.5, 1.0, -",
            "ecs.gn5-c4g1.xlarge, -,   -,   ecs.gn5-c4g1.xlarge",
    })
    void billedSpecFromTheSpecAnnotation(String name, Double cpu, Double mem, String type) {
        InstanceSpec s = AnnotationPlan.billedSpec(Map.of(Keys.ECI_INSTANCE_SPEC, name));
        assertThat(s.cpu()).isEqualTo(cpu);
        assertThat(s.memoryGiB()).isEqualTo(mem);
        assertThat(s.instanceType()).isEqualTo(type);
    }
}
