package io.vnode.executor.domain;

import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.TokenFile;
import io.vnode.contracts.instance.ValueRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ConfigMaps and Secrets a request points at, read just before the call and held in memory for
 * that call only. Absent objects are simply missing from {@link #objects()}; {@link
 * ReferenceCheck} decides whether that is an error. Never printed: {@link #toString()} shows
 * names only.
 *
 * @param objects data by {@link #key(RefKind, String, String)}: key -> raw bytes
 * @param registryCredentials logins from the imagePullSecrets, in order
 * @param problems references that were not read or cannot be used (a Secret the pod does not
 *     reference, an imagePullSecret that is not valid JSON), each naming the object, never its content
 * @param claims the PersistentVolumeClaims the request mounts, by {@link ClaimVolumes#key}, with their volumes
 */
public record ResolvedReferences(Map<String, Map<String, byte[]>> objects, List<RegistryCredential> registryCredentials,
                                 List<String> problems, Map<String, ClaimVolumes.ClaimState> claims) {

    public static final ResolvedReferences NONE = new ResolvedReferences(Map.of(), List.of());

    public ResolvedReferences {
        objects = Map.copyOf(objects);
        registryCredentials = List.copyOf(registryCredentials);
        problems = List.copyOf(problems);
        claims = Map.copyOf(claims);
    }

    public ResolvedReferences(Map<String, Map<String, byte[]>> objects, List<RegistryCredential> registryCredentials,
                              List<String> problems) {
        this(objects, registryCredentials, problems, Map.of());
    }

    public ResolvedReferences(Map<String, Map<String, byte[]>> objects, List<RegistryCredential> registryCredentials) {
        this(objects, registryCredentials, List.of());
    }

    public static String key(RefKind kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    public static String key(ObjectRef ref) {
        return key(ref.kind(), ref.namespace(), ref.name());
    }

    public static String key(ValueRef ref) {
        return key(ref.kind(), ref.namespace(), ref.name());
    }

    /** Where the token minted for a projected service-account token is held: {@code token} -> its bytes. */
    public static String tokenKey(TokenFile t) {
        return "TOKEN/" + t.serviceAccount() + "/" + t.audience() + "/" + t.expirationSeconds();
    }

    /** The token minted for {@code t}. */
    public Optional<byte[]> token(TokenFile t) {
        return Optional.ofNullable(objects.get(tokenKey(t))).map(m -> m.get("token"));
    }

    /** Every token minted for the request. */
    public List<byte[]> tokens() {
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith("TOKEN/"))
                .map(e -> e.getValue().get("token")).filter(java.util.Objects::nonNull).toList();
    }

    public Optional<Map<String, byte[]>> object(ObjectRef ref) {
        return Optional.ofNullable(objects.get(key(ref)));
    }

    /** The value of one key, decoded as UTF-8. */
    public Optional<String> value(ValueRef ref) {
        Map<String, byte[]> data = objects.get(key(ref));
        if (data == null || !data.containsKey(ref.key())) {
            return Optional.empty();
        }
        return Optional.of(new String(data.get(ref.key()), StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ResolvedReferences[objects=" + objects.keySet() + ", registries="
                + registryCredentials.stream().map(RegistryCredential::server).toList() + ", problems=" + problems
                + ", claims=" + claims.keySet() + "]";
    }
}
