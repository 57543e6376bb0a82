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
        return Stream.of(
                Arguments.of(all, List.of()),
                Arguments.of(without(all, env), List.of()), // envFrom nginx-env is optional
                Arguments.of(without(all, db), List.of("container nginx env DB_PASSWORD: key password of Secret default/db not found")),
                Arguments.of(with(all, db, Map.of("other", bytes("x"))),
                        List.of("container nginx env DB_PASSWORD: key password of Secret default/db not found")),
                Arguments.of(without(all, conf), List.of("volume conf: ConfigMap default/nginx-conf not found")),
                Arguments.of(with(all, conf, Map.of("x", bytes("y"))),
                        List.of("volume conf: key default.conf of ConfigMap default/nginx-conf not found")),
                Arguments.of(without(all, pull), List.of("imagePullSecret Secret default/acr-pull not found")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsMissingRequiredReferences(Map<String, Map<String, byte[]>> objects, List<String> problems) {
        assertThat(ReferenceCheck.missing(REQUEST, new ResolvedReferences(objects, List.of()))).isEqualTo(problems);
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
