package io.vnode.executor.domain;

import static io.vnode.executor.domain.GoldenRequest.REFS;
import static io.vnode.executor.domain.GoldenRequest.REQUEST;
import static io.vnode.executor.domain.GoldenRequest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReferenceCheckTest {

    @Test
    void listsEveryReferencedObjectOnce() {
        assertThat(ReferenceCheck.referencedObjects(REQUEST)).containsExactly(
                new ObjectRef(RefKind.SECRET, "default", "db", false),
                new ObjectRef(RefKind.CONFIG_MAP, "default", "nginx-env", false),
                new ObjectRef(RefKind.CONFIG_MAP, "default", "nginx-conf", false),
                new ObjectRef(RefKind.SECRET, "default", "acr-pull", false));
    }

    static Stream<Arguments> cases() {
        String db = ResolvedReferences.key(RefKind.SECRET, "default", "db");
        String env = ResolvedReferences.key(RefKind.CONFIG_MAP, "default", "nginx-env");
        String conf = ResolvedReferences.key(RefKind.CONFIG_MAP, "default", "nginx-conf");
        String pull = ResolvedReferences.key(RefKind.SECRET, "default", "acr-pull");
        Map<String, Map<String, byte[]>> all = new HashMap<>(REFS.objects());
        all.put(pull, Map.of(".dockerconfigjson", bytes("{}")));
        String config = "CreateContainerConfigError";
        String mount = "FailedMount";
        return Stream.of(
                Arguments.of(all, null, null),
                Arguments.of(without(all, env), null, null), // envFrom nginx-env is optional
                Arguments.of(without(all, db), config, "secret \"db\" not found (container nginx, env DB_PASSWORD)"),
                Arguments.of(with(all, db, Map.of("other", bytes("x"))), config,
                        "couldn't find key password in Secret default/db (container nginx, env DB_PASSWORD)"),
                Arguments.of(without(all, conf), mount, "MountVolume.SetUp failed for volume \"conf\" : configmap \"nginx-conf\" not found"),
                Arguments.of(with(all, conf, Map.of("x", bytes("y"))), mount,
                        "MountVolume.SetUp failed for volume \"conf\" : configmap references non-existent config key: default.conf"),
                Arguments.of(without(all, pull), config, "secret \"acr-pull\" not found (imagePullSecrets)"),
                Arguments.of(without(without(all, pull), conf), mount,
                        "MountVolume.SetUp failed for volume \"conf\" : configmap \"nginx-conf\" not found; "
                                + "secret \"acr-pull\" not found (imagePullSecrets)"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void waitsForMissingRequiredReferencesWithTheKubeletsReason(Map<String, Map<String, byte[]>> objects, String code,
                                                                String message) {
        var wait = ReferenceCheck.waitFor(REQUEST, new ResolvedReferences(objects, List.of()));
        assertThat(wait.map(ReferenceCheck.Wait::code).orElse(null)).isEqualTo(code);
        assertThat(wait.map(ReferenceCheck.Wait::message).orElse(null)).isEqualTo(message);
    }

    private static Map<String, Map<String, byte[]>> without(Map<String, Map<String, byte[]>> m, String key) {
        Map<String, Map<String, byte[]>> copy = new HashMap<>(m);
        copy.remove(key);
        return copy;
    }

    private static Map<String, Map<String, byte[]>> with(Map<String, Map<String, byte[]>> m, String key, Map<String, byte[]> v) {
        Map<String, Map<String, byte[]>> copy = new HashMap<>(m);
        copy.put(key, v);
        return copy;
    }
}
