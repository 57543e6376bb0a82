package io.vnode.emulator.bench;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.eci.model.v20180808.CreateContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.DescribeContainerGroupsRequest;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.vnode.emulator.EciEmulator;
import io.vnode.emulator.EmulatorSettings;
import io.vnode.emulator.Timing;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates N instances through the signed SDK from T threads, then describes every one of them
 * (DescribeContainerGroups by 20 IDs), and prints calls/s and heap used after GC.
 * {@code java -cp ... io.vnode.emulator.bench.EmulatorScaleBench [instances=50000] [threads=8]}
 */
public final class EmulatorScaleBench {

    /** What a run measured. */
    public record Result(int instances, int described, long maxPerPodUid, int errors, double createPerSecond,
                         double describePerSecond, long heapUsedBytes) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Result r = run(n, threads);
        System.out.printf("instances=%d described=%d maxPerPodUid=%d errors=%d%n", r.instances(), r.described(),
                r.maxPerPodUid(), r.errors());
        System.out.printf("CreateContainerGroup: %.0f calls/s; DescribeContainerGroups (20 IDs each): %.0f calls/s%n",
                r.createPerSecond(), r.describePerSecond());
        System.out.printf("heap used after GC with %d instances: %.1f MiB%n", r.instances(), r.heapUsedBytes() / 1048576.0);
    }

    public static Result run(int n, int threads) throws Exception {
        try (EciEmulator emulator = EciEmulator.start(EmulatorSettings.builder()
                .timing(Timing.instant()).unlimited().maxInstances(Math.max(n, 100_000)).build())) {
            List<String> ids = Collections.synchronizedList(new ArrayList<>(n));
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    DefaultAcsClient client = client();
                    for (int k = next.getAndIncrement(); k < n; k = next.getAndIncrement()) {
                        try {
                            ids.add(client.getAcsResponse(create(emulator, k)).getContainerGroupId());
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double createSeconds = (System.nanoTime() - t0) / 1e9;

            AtomicInteger described = new AtomicInteger();
            AtomicInteger batch = new AtomicInteger();
            int batches = (ids.size() + 19) / 20;
            long t1 = System.nanoTime();
            fs.clear();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    DefaultAcsClient client = client();
                    for (int b = batch.getAndIncrement(); b < batches; b = batch.getAndIncrement()) {
                        List<String> slice = ids.subList(b * 20, Math.min(ids.size(), b * 20 + 20));
                        DescribeContainerGroupsRequest d = new DescribeContainerGroupsRequest();
                        d.setRegionId("cn-hangzhou");
                        d.setSysEndpoint(emulator.endpoint());
                        d.setSysProtocol(ProtocolType.HTTP);
                        d.setContainerGroupIds("[\"" + String.join("\",\"", slice) + "\"]");
                        try {
                            described.addAndGet(client.getAcsResponse(d).getContainerGroups().size());
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double describeSeconds = (System.nanoTime() - t1) / 1e9;
            pool.shutdown();
            long maxPerUid = emulator.admin().instanceCountByTag("k8s-pod-uid").values().stream()
                    .mapToLong(Long::longValue).max().orElse(0);
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Result(ids.size(), described.get(), maxPerUid, errors.get(), n / createSeconds,
                    batches / describeSeconds, heap);
        }
    }

    private static DefaultAcsClient client() {
        return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "testAkId", "testAkSecret"));
    }

    private static CreateContainerGroupRequest create(EciEmulator emulator, int k) {
        CreateContainerGroupRequest r = new CreateContainerGroupRequest();
        r.setSysEndpoint(emulator.endpoint());
        r.setSysProtocol(ProtocolType.HTTP);
        r.setRegionId("cn-hangzhou");
        r.setContainerGroupName("bench-" + k);
        r.setClientToken("uid-" + k);
        r.setCpu(1f);
        r.setMemory(2f);
        CreateContainerGroupRequest.Container c = new CreateContainerGroupRequest.Container();
        c.setName("main");
        c.setImage("nginx:1.25");
        r.setContainers(List.of(c));
        CreateContainerGroupRequest.Tag tag = new CreateContainerGroupRequest.Tag();
        tag.setKey("k8s-pod-uid");
        tag.setValue("uid-" + k);
        r.setTags(List.of(tag));
        return r;
    }
}
