package io.vnode.emulator;

import io.vnode.emulator.domain.IpAllocator;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * One emulated region wired from its settings: the OpenAPI and the admin operations, over the state they
 * share (instances, stock marks, cloud disks, quotas, faults, counters, nonces).
 */
final class EmulatedCloud {

    final EmulatorSettings settings;
    final JsonMapper json = JsonMapper.builder().build();
    final EciApi api;
    final Admin admin;
    final ContainerExec exec;

    EmulatedCloud(EmulatorSettings settings) {
        this.settings = settings;
        Clock clock = settings.clock();
        StockMarks stock = new StockMarks(settings.noStock());
        InstanceStore store = new InstanceStore(clock, stock::inStock, new IpAllocator(settings.ipCidr()));
        ApiQuotas quotas = new ApiQuotas(settings.rateLimits(), clock);
        FaultInjector faults = new FaultInjector(settings.faults(), settings.faultSeed());
        ApiCounters counters = new ApiCounters();
        RequestAuthenticator authenticator = new RequestAuthenticator(settings.credentials(), clock);
        Set<String> diskZones = new HashSet<>(settings.zones());
        diskZones.addAll(settings.vSwitchZones().values());
        CloudDisks disks = new CloudDisks(diskZones);
        ContainerGroupLifecycle lifecycle = new ContainerGroupLifecycle(settings, store, stock, disks);
        ContainerMetrics metrics = new ContainerMetrics(store, clock, json);
        this.exec = new ContainerExec(store, clock, json);
        this.api = new EciApi(settings, authenticator, quotas, faults, counters, lifecycle,
                new ContainerGroupQueries(new Pager(store, json), clock), new ContainerLogs(store, clock), metrics, exec);
        this.admin = new Admin(store, lifecycle, stock, disks, quotas, faults, counters, authenticator, metrics);
    }
}
