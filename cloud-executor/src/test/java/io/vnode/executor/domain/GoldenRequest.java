package io.vnode.executor.domain;

import io.vnode.contracts.GoldenFixtures;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.InstanceCommand;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.RefKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The golden create command and in-memory ConfigMaps/Secrets it references (shared by the executor's tests). */
public final class GoldenRequest {

    public static final CreateInstance COMMAND = (CreateInstance) GoldenFixtures.event(
            "instance.create-requested.v1", InstanceCommand.class);

    public static final InstanceRequest REQUEST = COMMAND.request();

    public static final ResolvedReferences REFS = new ResolvedReferences(Map.of(
            ResolvedReferences.key(RefKind.SECRET, "default", "db"), Map.of("password", bytes("s3cret-pw")),
            ResolvedReferences.key(RefKind.CONFIG_MAP, "default", "nginx-env"), Map.of("B", bytes("2"), "A", bytes("1")),
            ResolvedReferences.key(RefKind.CONFIG_MAP, "default", "nginx-conf"), Map.of("default.conf", bytes("server {}"),
                    "other.conf", bytes("ignored"))),
            List.of(new RegistryCredential("registry.example.com", "robot", "pull-pw")));

    /** {@link #REFS} plus the imagePullSecret: every required reference of {@link #REQUEST} resolves. */
    public static final ResolvedReferences ALL_REFS = new ResolvedReferences(with(REFS.objects(),
            ResolvedReferences.key(RefKind.SECRET, "default", "acr-pull"), Map.of(".dockerconfigjson", bytes("{}"))),
            REFS.registryCredentials());

    private GoldenRequest() {
    }

    private static Map<String, Map<String, byte[]>> with(Map<String, Map<String, byte[]>> m, String key,
                                                         Map<String, byte[]> value) {
        Map<String, Map<String, byte[]>> copy = new java.util.HashMap<>(m);
        copy.put(key, value);
        return copy;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
