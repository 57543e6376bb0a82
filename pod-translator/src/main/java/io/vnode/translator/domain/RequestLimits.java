package io.vnode.translator.domain;

import io.vnode.contracts.instance.ContainerSpec;
import io.vnode.contracts.instance.EnvVar;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.KeyToPath;
import io.vnode.contracts.instance.LiteralFile;
import io.vnode.contracts.instance.ObjectProjection;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import io.vnode.contracts.instance.VolumeSpec;
import io.vnode.contracts.pod.RejectionReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud's limits on what one CreateContainerGroup request may carry, checked on the translated
 * request before anything is sent, so a pod over them is told which container, variable or volume
 * and which limit, instead of a bare HTTP 400 from the cloud later.
 *
 * <p>Sources: eci-api.md 2.2 (SDK model docs): an env name at most 128 and a value at most 256
 * characters, at most 10 args per container, config file content at most 32 KB; the ECI guide "Mount
 * a ConfigFile volume" (help.aliyun.com/en/eci/user-guide/mount-a-configfile-volume): one file at most
 * 32 KB and all files of one ConfigFile volume at most 60 KB together. File sizes are counted as the
 * file's bytes (before the base64 encoding of the request). Counts of containers, volumes and tags are
 * checked by {@link PodTranslator} before translation.
 *
 * <p>ConfigMap and Secret contents are references resolved by the executor; the sizes of referenced
 * ConfigMaps are checked when the caller knows them ({@code configMapKeySizes}), Secret sizes are not
 * known here. Pure and thread-safe.
 */
public final class RequestLimits {

    public static final int MAX_ENV_NAME_CHARS = 128;
    public static final int MAX_ENV_VALUE_CHARS = 256;
    public static final int MAX_ARGS = 10;
    public static final int MAX_CONFIG_FILE_BYTES = 32 * 1024;
    public static final int MAX_CONFIG_VOLUME_BYTES = 60 * 1024;

    private RequestLimits() {
    }

    /**
     * The first limit the request is over, as a rejection; empty when it is within every limit.
     *
     * @param configMapKeySizes the byte size of each key of the ConfigMaps the request mounts, by
     *     reference ({@code optional} false); a ConfigMap missing from the map is not checked
     */
    public static Optional<Translation.Rejected> check(InstanceRequest request,
                                                       Map<ObjectRef, Map<String, Integer>> configMapKeySizes) {
        Optional<Translation.Rejected> r = containers(request.containers(), "container");
        if (r.isEmpty()) {
            r = containers(request.initContainers(), "init container");
        }
        if (r.isEmpty()) {
            r = volumes(request.volumes(), configMapKeySizes);
        }
        return r;
    }

    /** The ConfigMaps mounted by the request's config-file volumes, as the keys of {@code configMapKeySizes}. */
    public static List<ObjectRef> mountedConfigMaps(InstanceRequest request) {
        if (request.volumes() == null) {
            return List.of();
        }
        return request.volumes().stream()
                .filter(v -> v.configFile() != null && v.configFile().objects() != null)
                .flatMap(v -> v.configFile().objects().stream())
                .map(ObjectProjection::source)
                .filter(s -> s.kind() == RefKind.CONFIG_MAP)
                .map(RequestLimits::normal)
                .distinct()
                .toList();
    }

    private static Optional<Translation.Rejected> containers(List<ContainerSpec> containers, String kind) {
        if (containers == null) {
            return Optional.empty();
        }
        for (ContainerSpec c : containers) {
            if (c.args() != null && c.args().size() > MAX_ARGS) {
                return reject(kind + " " + c.name() + " has " + c.args().size() + " args; the cloud takes at most "
                        + MAX_ARGS + " per container: join them into fewer arguments or move them into the command"
                        + " or a config file");
            }
            if (c.env() == null) {
                continue;
            }
            for (EnvVar e : c.env()) {
                if (e.name() != null && e.name().length() > MAX_ENV_NAME_CHARS) {
                    return reject(kind + " " + c.name() + " has env " + shortened(e.name()) + " whose name is "
                            + e.name().length() + " characters; the cloud takes env names of at most "
                            + MAX_ENV_NAME_CHARS);
                }
                if (e.value() != null && e.value().length() > MAX_ENV_VALUE_CHARS) {
                    return reject(kind + " " + c.name() + " env " + e.name() + " has a value of " + e.value().length()
                            + " characters (as translated, downward-API fields included); the cloud takes env values"
                            + " of at most " + MAX_ENV_VALUE_CHARS + " characters: put the value in a config file"
                            + " volume (ConfigMap) and read it from there");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Translation.Rejected> volumes(List<VolumeSpec> volumes,
                                                          Map<ObjectRef, Map<String, Integer>> configMapKeySizes) {
        if (volumes == null) {
            return Optional.empty();
        }
        for (VolumeSpec v : volumes) {
            if (v.configFile() == null) {
                continue;
            }
            long total = 0;
            if (v.configFile().literals() != null) {
                for (LiteralFile f : v.configFile().literals()) {
                    long size = decodedLength(f.contentBase64());
                    if (size > MAX_CONFIG_FILE_BYTES) {
                        return fileTooLarge(v.name(), "file " + f.path() + " (downward API)", size);
                    }
                    total += size;
                }
            }
            if (v.configFile().objects() != null) {
                for (ObjectProjection p : v.configFile().objects()) {
                    Map<String, Integer> sizes = p.source().kind() == RefKind.CONFIG_MAP
                            ? configMapKeySizes.get(normal(p.source())) : null;
                    if (sizes == null) {
                        continue;
                    }
                    String from = " of ConfigMap " + p.source().namespace() + "/" + p.source().name();
                    if (p.items() == null || p.items().isEmpty()) {
                        for (Map.Entry<String, Integer> key : sizes.entrySet()) {
                            if (key.getValue() > MAX_CONFIG_FILE_BYTES) {
                                return fileTooLarge(v.name(), "key " + key.getKey() + from, key.getValue());
                            }
                            total += key.getValue();
                        }
                    } else {
                        for (KeyToPath item : p.items()) {
                            Integer size = sizes.get(item.key());
                            if (size != null && size > MAX_CONFIG_FILE_BYTES) {
                                return fileTooLarge(v.name(), "key " + item.key() + from, size);
                            }
                            total += size == null ? 0 : size;
                        }
                    }
                }
            }
            if (total > MAX_CONFIG_VOLUME_BYTES) {
                return reject("volume " + v.name() + " holds " + total + " bytes (" + kib(total) + ") of files; the"
                        + " cloud takes at most " + MAX_CONFIG_VOLUME_BYTES + " bytes (" + kib(MAX_CONFIG_VOLUME_BYTES)
                        + ") per config-file volume: split it into several volumes, or mount large data from NFS or"
                        + " bake it into the image");
            }
        }
        return Optional.empty();
    }

    private static Optional<Translation.Rejected> fileTooLarge(String volume, String what, long size) {
        return reject("volume " + volume + ": " + what + " is " + size + " bytes (" + kib(size) + "); the cloud takes"
                + " config files of at most " + MAX_CONFIG_FILE_BYTES + " bytes (" + kib(MAX_CONFIG_FILE_BYTES)
                + ") each and " + kib(MAX_CONFIG_VOLUME_BYTES) + " per volume: mount large data from NFS or bake it"
                + " into the image");
    }

    private static Optional<Translation.Rejected> reject(String message) {
        return Optional.of(new Translation.Rejected(RejectionReason.REQUEST_LIMIT_EXCEEDED, message));
    }

    /** The size of base64 content once decoded. */
    static long decodedLength(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return 0;
        }
        int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
        return (long) base64.length() / 4 * 3 - padding;
    }

    private static ObjectRef normal(ObjectRef ref) {
        return ref.optional() ? new ObjectRef(ref.kind(), ref.namespace(), ref.name(), false) : ref;
    }

    private static String kib(long bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
