package io.vnode.emulator.domain;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container group. Identity and placement are final; the lifecycle state is mutated only by
 * {@link Lifecycle} under this object's monitor. Times are epoch milliseconds, 0 = not set.
 */
public final class Instance {

    public static final long NEVER = Long.MAX_VALUE;
    public static final int MAX_EVENTS = 50;

    /** A resource tag. */
    public record Tag(String key, String value) {
    }

    /**
     * A volume as requested: its name, its {@code Volume.N.Type} and that type's fields keyed by parameter suffix
     * ({@code "NFSVolume.Server" -> "nas.example.com"}), in the API reference's order; a config file's content is
     * in {@link Instance#configFiles()}, not here.
     */
    public record Volume(String name, String type, Map<String, String> fields) {

        public static final String DISK = "DiskVolume";
        public static final String DISK_ID = "DiskVolume.DiskId";

        public Volume {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The cloud disk this volume attaches, or null if it is no DiskVolume. */
        public String diskId() {
            return DISK.equals(type) ? fields.get(DISK_ID) : null;
        }
    }

    /** Stage durations in milliseconds. */
    public record Durations(long scheduling, long pending, long starting, long terminating) {
    }

    public final long seq;
    public final String id;
    public final String name;
    public final String regionId;
    public final String zoneId;
    public final String vSwitchId;
    public final String clientToken;
    public final Spec spec;
    public final String instanceType;
    /** Spec key or instance type that was chosen for stock. */
    public final String stockKey;
    public final String computeClass;
    public final String computeQos;
    public final String spotStrategy;
    public final String restartPolicy;
    public final int ip;
    private volatile List<Tag> tags;
    public final List<ContainerRuntime> containers;
    public final long createdAt;
    final Durations durations;

    InstanceStatus status = InstanceStatus.SCHEDULING;
    /** The config-file volumes' files as created: "volume/path" -> base64 content. */
    private Map<String, String> configFiles = Map.of();
    private List<Volume> volumes = List.of();
    long statusChangedAt;
    long next;
    int pendingStep;
    long runningAt;
    long succeededAt;
    long failedAt;
    long expiredAt;
    final ArrayDeque<InstanceEvent> events = new ArrayDeque<>(8);
    int eventSeq;

    public Instance(long seq, String id, String name, String regionId, String zoneId, String vSwitchId,
                    String clientToken, Spec spec, String instanceType, String stockKey, String computeClass,
                    String computeQos, String spotStrategy, String restartPolicy, int ip, List<Tag> tags,
                    List<ContainerRuntime> containers, long createdAt, Durations durations) {
        this.seq = seq;
        this.id = id;
        this.name = name;
        this.regionId = regionId;
        this.zoneId = zoneId;
        this.vSwitchId = vSwitchId;
        this.clientToken = clientToken;
        this.spec = spec;
        this.instanceType = instanceType;
        this.stockKey = stockKey;
        this.computeClass = computeClass;
        this.computeQos = computeQos;
        this.spotStrategy = spotStrategy;
        this.restartPolicy = restartPolicy;
        this.ip = ip;
        this.tags = List.copyOf(tags);
        this.containers = List.copyOf(containers);
        this.createdAt = createdAt;
        this.durations = durations;
        this.statusChangedAt = createdAt;
        this.next = createdAt + durations.scheduling();
    }

    void setStatus(InstanceStatus s, long at) {
        status = s;
        statusChangedAt = at;
    }

    void event(EventKind kind, int container, long at) {
        InstanceEvent lastEvent = events.peekLast();
        if (lastEvent != null && lastEvent.kind == kind && lastEvent.container == container) {
            lastEvent.count++;
            lastEvent.last = at;
            return;
        }
        if (events.size() == MAX_EVENTS) {
            events.pollFirst();
        }
        events.addLast(new InstanceEvent(kind, container, ++eventSeq, at));
    }

    public List<Tag> tags() { return tags; }

    /** Replaces the tags (UpdateContainerGroup); the store re-indexes them ({@code InstanceStore#retag}). */
    public void tags(List<Tag> replaced) { tags = List.copyOf(replaced); }

    public String tag(String key) {
        for (Tag t : tags) {
            if (t.key().equals(key)) {
                return t.value();
            }
        }
        return null;
    }

    public InstanceStatus status() { return status; }

    public Map<String, String> configFiles() { return configFiles; }

    /** Set at creation; an update replaces the files of the volumes it names ({@link #replaceConfigFiles}). */
    public void configFiles(Map<String, String> files) { configFiles = Map.copyOf(files); }

    /** The files of config-file volume {@code volume} become {@code files} (path -> base64 content). */
    public void replaceConfigFiles(String volume, Map<String, String> files) {
        Map<String, String> next = new java.util.LinkedHashMap<>();
        configFiles.forEach((key, content) -> {
            if (!key.startsWith(volume + "/")) {
                next.put(key, content);
            }
        });
        files.forEach((path, content) -> next.put(volume + "/" + path, content));
        configFiles = Map.copyOf(next);
    }

    public List<Volume> volumes() { return volumes; }

    /** Set at creation; an update replaces volumes by name. */
    public void volumes(List<Volume> requested) { volumes = List.copyOf(requested); }

    /** The cloud disks the instance holds, in volume order. */
    public List<String> diskIds() {
        return volumes.stream().map(Volume::diskId).filter(Objects::nonNull).toList();
    }

    public long statusChangedAt() { return statusChangedAt; }
    public long runningAt() { return runningAt; }
    public long succeededAt() { return succeededAt; }
    public long failedAt() { return failedAt; }
    public long expiredAt() { return expiredAt; }
    public List<InstanceEvent> events() { return List.copyOf(events); }
}
