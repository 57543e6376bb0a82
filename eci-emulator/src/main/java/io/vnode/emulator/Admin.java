package io.vnode.emulator;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.IpAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** {@link EmulatorAdmin} over the emulated cloud's state, plus what only the HTTP admin serves. Thread-safe. */
final class Admin implements EmulatorAdmin {

    private final InstanceStore store;
    private final ContainerGroupLifecycle lifecycle;
    private final StockMarks stock;
    private final CloudDisks disks;
    private final ApiQuotas quotas;
    private final FaultInjector faults;
    private final ApiCounters counters;
    private final RequestAuthenticator authenticator;
    private final ContainerMetrics metrics;

    Admin(InstanceStore store, ContainerGroupLifecycle lifecycle, StockMarks stock, CloudDisks disks, ApiQuotas quotas,
          FaultInjector faults, ApiCounters counters, RequestAuthenticator authenticator,
          ContainerMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.lifecycle = lifecycle;
        this.stock = stock;
        this.disks = disks;
        this.quotas = quotas;
        this.faults = faults;
        this.counters = counters;
        this.authenticator = authenticator;
    }

    @Override
    public void setRateLimit(String api, int permits, Duration window) {
        quotas.set(api, new RateLimit(permits, window));
    }

    /** Removes the quota of one API. */
    void clearRateLimit(String api) {
        quotas.clear(api);
    }

    @Override
    public void setFaults(String apiOrStar, FaultSettings f) {
        faults.set(apiOrStar, f);
    }

    /** The faults in force, sorted by API. */
    Map<String, FaultSettings> faults() {
        return faults.all();
    }

    @Override
    public void setNoStock(String key, boolean out) {
        stock.set(key, out);
    }

    /** The out-of-stock marks, sorted. */
    Set<String> noStock() {
        return stock.all();
    }

    @Override
    public void createDisk(String diskId, String zoneId, int sizeGiB) {
        disks.create(diskId, zoneId, sizeGiB);
    }

    @Override
    public boolean expire(String instanceId) {
        return lifecycle.expire(instanceId);
    }

    @Override
    public boolean failProbe(String instanceId, String container, boolean liveness, boolean failing) {
        return lifecycle.probe(instanceId, container, liveness, failing);
    }

    @Override
    public void setUsage(String instanceId, String container, double cores, long workingSetBytes) {
        metrics.setUsage(instanceId, container, cores, workingSetBytes);
    }

    @Override
    public Optional<String> configFile(String instanceId, String volume, String path) {
        Instance i = store.live(instanceId);
        String content = i == null ? null : i.configFiles().get(volume + "/" + path);
        return Optional.ofNullable(content).map(c -> new String(java.util.Base64.getDecoder().decode(c),
                java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public List<InstanceView> instances() {
        List<InstanceView> out = new ArrayList<>(store.size());
        for (Instance raw : store.inCreationOrder().values()) {
            Instance i = store.live(raw);
            if (i != null) {
                out.add(view(i));
            }
        }
        return out;
    }

    @Override
    public Optional<InstanceView> instance(String id) {
        return Optional.ofNullable(store.live(id)).map(Admin::view);
    }

    @Override
    public Map<String, Long> instanceCountByTag(String tagKey) {
        Map<String, Long> out = new TreeMap<>();
        for (Instance raw : store.inCreationOrder().values()) {
            Instance i = store.live(raw);
            String v = i == null ? null : i.tag(tagKey);
            if (v != null) {
                out.merge(v, 1L, Long::sum);
            }
        }
        return out;
    }

    @Override
    public Map<String, ApiStats> stats() {
        return counters.stats();
    }

    @Override
    public void reset() {
        lifecycle.reset();
        authenticator.forgetNonces();
        stock.reset();
        faults.reset();
        counters.clear();
        quotas.reset();
        metrics.reset();
    }

    private static InstanceView view(Instance i) {
        synchronized (i) {
            List<InstanceView.ContainerView> cs = new ArrayList<>();
            for (ContainerRuntime c : i.containers) {
                cs.add(new InstanceView.ContainerView(c.name(), c.image(), c.state().name(), c.ready(), c.restartCount(),
                        c.lastExitCode(), instant(c.startedAt()), instant(c.finishedAt())));
            }
            Map<String, String> tags = new LinkedHashMap<>();
            i.tags().forEach(t -> tags.put(t.key(), t.value()));
            List<InstanceView.VolumeView> volumes = i.volumes().stream()
                    .map(v -> new InstanceView.VolumeView(v.name(), v.type(), v.fields())).toList();
            return new InstanceView(i.id, i.name, i.status().wire(), i.clientToken, tags, i.stockKey, i.spec.cpu(),
                    i.spec.memory(), i.instanceType, i.computeClass, i.zoneId, i.vSwitchId, IpAllocator.format(i.ip),
                    instant(i.createdAt), instant(i.succeededAt()), instant(i.failedAt()), instant(i.expiredAt()), cs,
                    volumes);
        }
    }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
