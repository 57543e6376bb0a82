package io.vnode.translator.domain;

import static io.vnode.translator.domain.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.pod.RejectionReason;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per limit of the cloud on a request's content: the pod, the sizes of the ConfigMaps it
 * mounts (as the app looks them up), and what the rejection names; the rows "at the limit" pass.
 */
class RequestLimitsTest {

    static final ObjectRef BIG = new ObjectRef(RefKind.CONFIG_MAP, "shop", "big", false);
    static final String MOUNTS_BIG = "{containers: [{name: app, image: nginx}], volumes: [{name: config, configMap: {name: big}}]}";

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("a 200 KB ConfigMap", pod("{}", "{}", MOUNTS_BIG), Map.of(BIG, Map.of("app.json", 200 * 1024)),
                        "volume config: key app.json of ConfigMap shop/big is 204800 bytes (200 KiB); the cloud takes"
                                + " config files of at most 32768 bytes (32 KiB) each and 60 KiB per volume"),
                Arguments.of("a 200 KB ConfigMap through an optional projection item", pod("{}", "{}",
                                "{containers: [{name: app, image: nginx}], volumes: [{name: cfg, projected: {sources: [{configMap:"
                                        + " {name: big, optional: true, items: [{key: app.json, path: a.json}]}}]}}]}"),
                        Map.of(BIG, Map.of("app.json", 200 * 1024, "small", 10)), "volume cfg: key app.json of ConfigMap shop/big is 204800 bytes"),
                Arguments.of("a ConfigMap of files under 32 KB, over 60 KB together", pod("{}", "{}", MOUNTS_BIG),
                        Map.of(BIG, Map.of("a", 30_000, "b", 30_000, "c", 2_000)),
                        "volume config holds 62000 bytes (60.5 KiB) of files; the cloud takes at most 61440 bytes (60 KiB)"),
                Arguments.of("a ConfigMap at the limits", pod("{}", "{}", MOUNTS_BIG),
                        Map.of(BIG, Map.of("a", 32 * 1024, "b", 28 * 1024)), null),
                Arguments.of("a ConfigMap of unknown size", pod("{}", "{}", MOUNTS_BIG), Map.of(), null),
                Arguments.of("a downward-API file over 32 KB", pod("{}", "{big: '" + "x".repeat(40_000) + "'}",
                                "{containers: [{name: app, image: nginx}], volumes: [{name: info, downwardAPI: {items:"
                                        + " [{path: annotations, fieldRef: {fieldPath: metadata.annotations}}]}}]}"), Map.of(),
                        "volume info: file annotations (downward API) is 40006 bytes (39.1 KiB)"),
                Arguments.of("an env value of 257 characters", pod("{}", "{}",
                                "{containers: [{name: app, image: nginx, env: [{name: LONG, value: '" + "v".repeat(257) + "'}]}]}"), Map.of(),
                        "container app env LONG has a value of 257 characters (as translated, downward-API fields included);"
                                + " the cloud takes env values of at most 256 characters"),
                Arguments.of("an env value of 256 characters", pod("{}", "{}",
                                "{containers: [{name: app, image: nginx, env: [{name: LONG, value: '" + "v".repeat(256) + "'}]}]}"), Map.of(), null),
                Arguments.of("an env value from a long annotation", pod("{}", "{note: '" + "n".repeat(300) + "'}",
                                "{containers: [{name: app, image: nginx, env: [{name: NOTE, valueFrom: {fieldRef: {fieldPath:"
                                        + " \"metadata.annotations['note']\"}}}]}]}"), Map.of(),
                        "container app env NOTE has a value of 300 characters"),
                Arguments.of("an env name of 129 characters", pod("{}", "{}",
                                "{initContainers: [{name: setup, image: busybox, env: [{name: " + "N".repeat(129) + ", value: x}]}],"
                                        + " containers: [{name: app, image: nginx}]}"), Map.of(),
                        "init container setup has env NNNN"),
                Arguments.of("11 args", pod("{}", "{}", "{containers: [{name: app, image: nginx, args: [a,b,c,d,e,f,g,h,i,j,k]}]}"), Map.of(),
                        "container app has 11 args; the cloud takes at most 10 per container"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theRequestIsWithinTheCloudsLimitsOrTheRejectionNamesWhereAndWhichLimit(String row, Pod pod,
            Map<ObjectRef, Map<String, Integer>> configMapKeySizes, String rejection) {
        Translation t = PodTranslator.translate(pod, Map.of(), Pods.CTX);
        Optional<Translation.Rejected> r = t instanceof Translation.Rejected rejected ? Optional.of(rejected)
                : configMapKeySizes.isEmpty() ? Optional.empty()
                : RequestLimits.check(((Translation.Accepted) t).request(), configMapKeySizes);
        if (rejection == null) {
            assertThat(r).isEmpty();
        } else {
            assertThat(r).hasValueSatisfying(x -> {
                assertThat(x.reason()).isEqualTo(RejectionReason.REQUEST_LIMIT_EXCEEDED);
                assertThat(x.message()).contains(rejection);
            });
        }
    }
}
