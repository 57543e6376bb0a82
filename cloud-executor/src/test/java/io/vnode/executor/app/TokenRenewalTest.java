package io.vnode.executor.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.TokenLifetimesTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The renewal pass against an in-memory cloud and token issuer. */
class TokenRenewalTest {

    static final String REGION = "cn-hangzhou";
    static final PodRef POD = new PodRef("default", "client", "uid-1");
    static final Instant NOW = Instant.ofEpochSecond(10_000);

    final Cloud cloud = new Cloud();
    final Map<String, Map<String, Map<String, byte[]>>> issued = new HashMap<>(); // by pod uid
    final TokenIssuer issuer = pod -> {
        if (pod.uid().equals("uid-unreadable")) {
            throw new ReferenceResolver.Unavailable("ServiceAccount default/robot: no token for the pod (HTTP 404)", null);
        }
        return issued.getOrDefault(pod.uid(), Map.of());
    };
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TokenRenewal renewal = new TokenRenewal(cloud, issuer, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(24), meters);

    static byte[] token(long iat, long exp) {
        return TokenLifetimesTest.jwt("{\"iat\":" + iat + ",\"exp\":" + exp + "}");
    }

    static CloudInstance instance(String id, String status, PodRef pod, String lifetime) {
        Map<String, String> tags = new HashMap<>(Map.of(Keys.TAG_POD_NAMESPACE, pod.namespace(), Keys.TAG_POD_NAME, pod.name(),
                Keys.TAG_POD_UID, pod.uid(), Keys.TAG_CLUSTER_ID, "c1"));
        if (lifetime != null) {
            tags.put(Keys.TAG_TOKEN_LIFETIME, lifetime);
        }
        return new CloudInstance(id, "cg", REGION, null, status, 1.0, 2.0, null, null, null, tags, List.of(), List.of(),
                List.of(), null, null, null, null);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDueTokenIsReplacedInItsVolumeWithTheOtherFilesAndTagsKept() {
        cloud.files.put("eci-1", Map.of("kube-api-access-x", List.of(new CloudInstances.ConfigFile("token", b64("old"), "420"),
                new CloudInstances.ConfigFile("ca.crt", b64("ca"), null), new CloudInstances.ConfigFile("namespace", b64("default"), null)),
                "config", List.of(new CloudInstances.ConfigFile("app.yaml", b64("a: 1"), null))));
        byte[] fresh = token(9_990, 9_990 + 3600);
        issued.put(POD.uid(), Map.of("kube-api-access-x", Map.of("token", fresh)));

        // 80% of 600 s passed
        int renewed = renewal.pass(REGION, List.of(instance("eci-1", "Running", POD, "9400-10000")));

        assertThat(renewed).isOne();
        assertThat(cloud.updates).hasSize(1);
        Update u = cloud.updates.get(0);
        assertThat(u.instanceId()).isEqualTo("eci-1");
        assertThat(u.volumes()).containsOnlyKeys("kube-api-access-x"); // the other volume is not sent
        assertThat(u.volumes().get("kube-api-access-x")).containsExactly(
                new CloudInstances.ConfigFile("token", Base64.getEncoder().encodeToString(fresh), "420"),
                new CloudInstances.ConfigFile("ca.crt", b64("ca"), null),
                new CloudInstances.ConfigFile("namespace", b64("default"), null));
        assertThat(u.tags()).containsEntry(Keys.TAG_TOKEN_LIFETIME, "9990-13590").containsEntry(Keys.TAG_POD_UID, "uid-1")
                .containsEntry(Keys.TAG_CLUSTER_ID, "c1");
        assertThat(meters.counter("vnode.tokens.renewed").count()).isEqualTo(1.0);
    }

    @Test
    void onlyDueTokensOfPendingOrRunningInstancesOfAPodAreRenewed() {
        issued.put(POD.uid(), Map.of("v", Map.of("token", token(9_990, 13_590))));
        cloud.files.put("eci-1", Map.of("v", List.of(new CloudInstances.ConfigFile("token", b64("old"), null))));
        List<CloudInstance> listed = List.of(
                instance("eci-1", "Running", POD, "9500-10100"),       // 80% of 600 s at 9980: due
                instance("eci-2", "Running", POD, "9600-10200"),       // at 10080: not yet
                instance("eci-3", "Succeeded", POD, "1-600"),          // settled: nothing runs
                instance("eci-4", "Running", POD, null),               // no tokens
                instance("eci-5", "Running", POD, "not-a-lifetime"));
        renewal.pass(REGION, listed);
        assertThat(cloud.updates).extracting(Update::instanceId).containsExactly("eci-1");
    }

    @Test
    void theMaxAgeRenewsALongLivedTokenAfterADay() {
        issued.put(POD.uid(), Map.of("v", Map.of("token", token(9_990, 9_990 + 31_536_000))));
        cloud.files.put("eci-1", Map.of("v", List.of(new CloudInstances.ConfigFile("token", b64("old"), null))));
        TokenRenewal daily = new TokenRenewal(cloud, issuer, Clock.fixed(Instant.ofEpochSecond(200_000), ZoneOffset.UTC),
                Duration.ofHours(24), meters);
        TokenRenewal byLifetimeOnly = new TokenRenewal(cloud, issuer, Clock.fixed(Instant.ofEpochSecond(200_000), ZoneOffset.UTC),
                null, meters);
        List<CloudInstance> listed = List.of(instance("eci-1", "Running", POD, "100000-31636000")); // a year, 100,000 s old
        byLifetimeOnly.pass(REGION, listed);
        assertThat(cloud.updates).isEmpty();
        daily.pass(REGION, listed);
        assertThat(cloud.updates).hasSize(1);
    }

    @Test
    void aGonePodOrAFailureRenewsNothingAndTheNextInstanceIsStillRenewed() {
        PodRef gone = new PodRef("default", "gone", "uid-gone");
        PodRef unreadable = new PodRef("default", "robot", "uid-unreadable");
        PodRef refused = new PodRef("default", "refused", "uid-refused");
        issued.put(refused.uid(), Map.of("v", Map.of("token", token(9_990, 13_590))));
        issued.put(POD.uid(), Map.of("v", Map.of("token", token(9_990, 13_590))));
        cloud.files.put("eci-refused", Map.of("v", List.of(new CloudInstances.ConfigFile("token", b64("old"), null))));
        cloud.files.put("eci-1", Map.of("v", List.of(new CloudInstances.ConfigFile("token", b64("old"), null))));
        cloud.refuse.add("eci-refused");

        int renewed = renewal.pass(REGION, List.of(instance("eci-gone", "Running", gone, "1-600"),
                instance("eci-unreadable", "Running", unreadable, "1-600"), instance("eci-refused", "Running", refused, "1-600"),
                instance("eci-1", "Running", POD, "1-600")));

        assertThat(renewed).isOne();
        assertThat(cloud.updates).extracting(Update::instanceId).containsExactly("eci-1");
        assertThat(meters.counter("vnode.tokens.renewal.failures").count()).isEqualTo(2.0);
    }

    @Test
    void aVolumeTheInstanceDoesNotHaveIsNotInvented() {
        issued.put(POD.uid(), Map.of("added-later", Map.of("token", token(9_990, 13_590))));
        cloud.files.put("eci-1", Map.of("v", List.of(new CloudInstances.ConfigFile("token", b64("old"), null))));
        assertThat(renewal.pass(REGION, List.of(instance("eci-1", "Running", POD, "1-600")))).isZero();
        assertThat(cloud.updates).isEmpty();
    }

    record Update(String instanceId, Map<String, List<CloudInstances.ConfigFile>> volumes, Map<String, String> tags) {
    }

    static final class Cloud extends UnusedCloud {
        final Map<String, Map<String, List<ConfigFile>>> files = new HashMap<>();
        final List<Update> updates = new ArrayList<>();
        final List<String> refuse = new ArrayList<>();

        @Override
        public Map<String, List<ConfigFile>> configFiles(String regionId, String instanceId) {
            return files.getOrDefault(instanceId, Map.of());
        }

        @Override
        public String updateConfigFiles(String regionId, String instanceId, Map<String, List<ConfigFile>> volumes,
                                        Map<String, String> tags, String clientToken) {
            if (refuse.contains(instanceId)) {
                throw new CloudException("UpdateContainerGroup", new CloudError.Transient("IncorrectStatus", "updating"), null, null);
            }
            updates.add(new Update(instanceId, volumes, tags));
            return "req-" + updates.size();
        }
    }
}
