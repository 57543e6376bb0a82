package io.vnode.emulator;

import io.vnode.emulator.domain.IpAllocator;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/**
 * One emulated region wired from its settings: the OpenAPI and the admin operations, over the state they
 * share (instances, stock marks, quotas, faults, counters, nonces).
 */
final class EmulatedCloud {

    final EmulatorSettings settings;
    final JsonMapper json = JsonMapper.builder().build();
    final EciApi api;
    final Admin admin;

    EmulatedCloud(EmulatorSettings settings) {
        this.settings = settings;
        Clock clock = settings.clock();
        StockMarks stock = new StockMarks(settings.noStock());
        InstanceStore store = new InstanceStore(clock, stock::inStock, new IpAllocator(settings.ipCidr()));
        ApiQuotas quotas = new ApiQuotas(settings.rateLimits(), clock);
        FaultInjector faults = new FaultInjector(settings.faults(), settings.faultSeed());
        ApiCounters counters = new ApiCounters();
        RequestAuthenticator authenticator = new RequestAuthenticator(settings.credentials(), clock);
        ContainerGroupLifecycle lifecycle = new ContainerGroupLifecycle(settings, store, stock);
        ContainerMetrics metrics = new ContainerMetrics(store, clock, json);
        this.api = new EciApi(settings, authenticator, quotas, faults, counters, lifecycle,
                new ContainerGroupQueries(new Pager(store, json), clock), new ContainerLogs(store, clock), metrics);
        this.admin = new Admin(store, lifecycle, stock, quotas, faults, counters, authenticator, metrics);
    }
}
