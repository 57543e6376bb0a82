package io.vnode.emulator;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.CreateRequest;
import io.vnode.emulator.domain.CreateRequestParser;
import io.vnode.emulator.domain.DiskRules;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.Lifecycle;
import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import io.vnode.emulator.domain.InstanceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CreateContainerGroup and DeleteContainerGroup, and spot reclaim: what makes, ends and expires instances.
 * Thread-safe. Creates are serialized, so that the client-token, quota, stock and address checks and the
 * new instance are one step.
 */
final class ContainerGroupLifecycle {

    /** The first spec candidate and placement with stock. */
    private record Choice(CreateRequest.Candidate candidate, CreateRequest.Placement placement) {
    }

    private final EmulatorSettings settings;
    private final CreateRequestParser parser;
    private final InstanceStore store;
    private final StockMarks stock;
    private final CloudDisks disks;
    private final ClientTokens tokens = new ClientTokens(ClientTokens.MAX_TOKENS);
    private final Object createLock = new Object();
    /** The parameters of an UpdateContainerGroup besides Tag.N and Volume.N. */
    private static final Set<String> UPDATE_PARAMS = Set.of("Action", "Version", "RegionId",
            "ContainerGroupId", "ClientToken");

    ContainerGroupLifecycle(EmulatorSettings settings, InstanceStore store, StockMarks stock, CloudDisks disks) {
        this.settings = settings;
        this.parser = new CreateRequestParser(settings.eciSpecs(), settings.acsSpecs(), settings.zones(),
                settings.vSwitchZones());
        this.store = store;
        this.stock = stock;
        this.disks = disks;
    }

    /**
     * A retry with the same ClientToken and parameters gets the first create's ContainerGroupId. The new instance
     * holds its cloud disks until it is gone from the store.
     */
    Map<String, Object> create(Params p) {
        CreateRequest r = parser.parse(p);
        long digest = ClientTokens.digest(p);
        synchronized (createLock) {
            String earlier = r.clientToken() == null ? null : tokens.instanceFor(r.clientToken(), digest);
            if (earlier != null) {
                return Map.of("ContainerGroupId", earlier);
            }
            if (store.size() >= settings.maxInstances()) {
                throw new ApiException(400, "QuotaExceeded.ContainerGroup",
                        "The number of container groups exceeds the quota of " + settings.maxInstances() + ".");
            }
            Choice choice = choose(r);
            int ip = store.leaseIp().orElseThrow(() -> new ApiException(400, "InvalidVSwitchId.IpNotEnough",
                    "The specified VSwitch has not enough IP addresses."));
            Instance created = instance(r, choice, ip);
            store.add(created);
            disks.attach(created.diskIds(), created.id);
            if (r.clientToken() != null) {
                tokens.remember(r.clientToken(), digest, created.id);
            }
            return Map.of("ContainerGroupId", created.id);
        }
    }

    /** Deletes at once or after Terminating, as {@link Lifecycle#delete} decides. */
    Map<String, Object> delete(Params p) {
        Instance i = store.named(p);
        boolean force = Boolean.parseBoolean(p.get("Force"));
        boolean gone;
        synchronized (i) {
            gone = Lifecycle.delete(i, settings.clock().millis(), force);
        }
        if (gone) {
            store.remove(i);
        }
        return Map.of();
    }

    /**
     * UpdateContainerGroup, for the parameters the emulator models: {@code Tag.N} (each key given is set, the others
     * kept) and {@code Volume.N} of ConfigFileVolumes the instance has (each replaced whole: its files and their
     * content). Only a Pending or Running instance can be updated, as the cloud documents; its containers keep
     * running (the emulator does not model the Updating status the cloud reports while it applies an update, nor
     * a restart of the containers). Another parameter is refused by name.
     */
    Map<String, Object> update(Params p) {
        for (String key : p.asMap().keySet()) {
            if (!UPDATE_PARAMS.contains(key) && !ClientTokens.TRANSPORT_PARAMS.contains(key)
                    && !key.startsWith("Tag.") && !key.startsWith("Volume.")) {
                throw ApiException.invalid(key, "The emulator updates only Tag and ConfigFileVolume volumes.");
            }
        }
        Instance i = store.named(p);
        List<Instance.Tag> tags = CreateRequestParser.tags(p);
        CreateRequestParser.VolumeUpdate update = CreateRequestParser.volumeUpdate(p);
        synchronized (i) {
            if (i.status() != InstanceStatus.PENDING && i.status() != InstanceStatus.RUNNING) {
                throw new ApiException(400, "IncorrectStatus", "The container group " + i.id + " is "
                        + i.status().wire() + "; only a Pending or Running container group can be updated.");
            }
            Map<String, Instance.Volume> volumes = new LinkedHashMap<>();
            i.volumes().forEach(v -> volumes.put(v.name(), v));
            for (Instance.Volume v : update.volumes()) {
                Instance.Volume had = volumes.get(v.name());
                if (had == null || !had.type().equals(v.type()) || !"ConfigFileVolume".equals(v.type())) {
                    throw ApiException.invalid("Volume.Name", "The emulator updates only the ConfigFileVolumes an instance"
                            + " has; " + v.name() + " is " + (had == null ? "not one of " + i.id : "a " + had.type()) + ".");
                }
                volumes.put(v.name(), v);
            }
            for (Instance.Volume v : update.volumes()) {
                Map<String, String> files = new LinkedHashMap<>();
                update.configFiles().forEach((key, content) -> {
                    if (key.startsWith(v.name() + "/")) {
                        files.put(key.substring(v.name().length() + 1), content);
                    }
                });
                i.replaceConfigFiles(v.name(), files);
            }
            i.volumes(List.copyOf(volumes.values()));
            if (!tags.isEmpty()) {
                Map<String, String> merged = new LinkedHashMap<>();
                i.tags().forEach(t -> merged.put(t.key(), t.value()));
                tags.forEach(t -> merged.put(t.key(), t.value()));
                if (merged.size() > CreateRequestParser.MAX_TAGS) {
                    throw ApiException.invalid("Tag", "At most " + CreateRequestParser.MAX_TAGS + " tags are allowed.");
                }
                store.retag(i, merged.entrySet().stream().map(e -> new Instance.Tag(e.getKey(), e.getValue())).toList());
            }
        }
        return Map.of();
    }

    /** Spot reclaim; false if there is no such live instance or it is already settled. */
    boolean expire(String instanceId) {
        Instance i = store.live(instanceId);
        if (i == null) {
            return false;
        }
        synchronized (i) {
            return Lifecycle.expire(i, settings.clock().millis());
        }
    }

    /** A probe of a running container fails or passes again ({@link Lifecycle#probe}). */
    boolean probe(String instanceId, String container, boolean liveness, boolean failing) {
        Instance i = store.live(instanceId);
        if (i == null) {
            return false;
        }
        synchronized (i) {
            return Lifecycle.probe(i, container, liveness, failing, settings.clock().millis());
        }
    }

    /** Forgets every instance, client token and cloud disk. */
    void reset() {
        synchronized (createLock) {
            store.clear();
            tokens.clear();
            disks.reset();
        }
    }

    /** The first candidate with stock in a placement its cloud disks allow ({@link DiskRules}); under the create lock. */
    private Choice choose(CreateRequest r) {
        List<CreateRequest.Placement> placements = DiskRules.placements(r, disks::get, this::diskHolder);
        for (CreateRequest.Candidate c : r.candidates()) {
            for (CreateRequest.Placement where : placements) {
                if (stock.inStock(c, where)) {
                    return new Choice(c, where);
                }
            }
        }
        throw new ApiException(403, "ContainerGroup.NoStock",
                "The resource is out of stock in the specified zone. Please try other types of resources or other regions and zones.");
    }

    /** The instance holding the disk, whatever its status, until it is gone from the store; else null. */
    private String diskHolder(String diskId) {
        String holder = disks.lastHolder(diskId);
        return holder != null && store.live(holder) != null ? holder : null;
    }

    private Instance instance(CreateRequest r, Choice choice, int ip) {
        long seq = store.nextSeq();
        String id = (r.isAcs() ? "acs-" : "eci-") + idSuffix(seq);
        long now = settings.clock().millis();
        List<ContainerRuntime> containers = containers(r);
        CreateRequest.Candidate c = choice.candidate();
        CreateRequest.Placement where = choice.placement();
        String vSwitchId = where.vSwitchId() != null ? where.vSwitchId() : "vsw-" + where.zoneId();
        Timing t = settings.timing();
        Instance i = new Instance(seq, id, r.name(), settings.regionId(), where.zoneId(), vSwitchId, r.clientToken(),
                c.spec(), c.instanceType(), c.stockKey(), r.computeClass(), r.computeQos(), r.spotStrategy(),
                r.restartPolicy(), ip, r.tags(), containers, now,
                new Instance.Durations(t.scheduling().toMillis(), t.pending().toMillis(), t.starting().toMillis(),
                        t.terminating().toMillis()));
        i.configFiles(r.configFiles());
        i.volumes(r.volumes());
        return i;
    }

    /**
     * Each container as its command makes it run when the emulator can follow the command
     * ({@link CommandBehaviour}), else as its image behaviour does; an image no behaviour matches runs forever.
     */
    private List<ContainerRuntime> containers(CreateRequest r) {
        List<ContainerRuntime> containers = new ArrayList<>();
        for (CreateRequest.ContainerSpec c : r.containers()) {
            ImageBehaviour b = CommandBehaviour.of(c.image(), c.command(), c.args()).orElseGet(() -> behaviourOf(c.image()));
            containers.add(new ContainerRuntime(c.name(), c.image(), c.cpu(), c.memory(), c.gpu(),
                    b == null ? null : b.exitCode(), b == null ? 0 : b.runFor().toMillis(),
                    b == null ? List.of() : b.logLines()));
        }
        return containers;
    }

    private ImageBehaviour behaviourOf(String image) {
        for (ImageBehaviour b : settings.imageBehaviours()) {
            if (b.matches(image)) {
                return b;
            }
        }
        return null;
    }

    /** A cloud-looking id suffix: "bp1" and 13 base-36 digits mixed from the sequence number. */
    static String idSuffix(long seq) {
        long mixed = (seq * 0x9E3779B97F4A7C15L) ^ 0x5DEECE66DL;
        String s = Long.toString(mixed >>> 1, 36);
        return "bp1" + "0".repeat(Math.max(0, 13 - s.length())) + s;
    }
}
