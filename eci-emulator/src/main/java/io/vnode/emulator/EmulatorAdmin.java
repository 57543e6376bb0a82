package io.vnode.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-process control and inspection of a running emulator. Thread-safe; every call takes effect
 * for the next request served. The same operations are served over HTTP under {@code /admin/}.
 */
public interface EmulatorAdmin {

    /** Replaces the quota of one API (e.g. "CreateContainerGroup"), with a full bucket. */
    void setRateLimit(String api, int permits, Duration window);

    /** Faults for one API, or for every API with "*" (an API's own setting wins over "*"). */
    void setFaults(String apiOrStar, FaultSettings faults);

    /** Marks a spec ("2-4Gi"), an instance type ("ecs.c6.xlarge") or a zone ("cn-hangzhou-j") out of stock. */
    void setNoStock(String specOrInstanceTypeOrZone, boolean noStock);

    /**
     * Makes a cloud disk in a zone of the region (a configured zone or a vSwitch's), for DiskVolume.DiskId. A create
     * that attaches it is placed only in that zone (else 400 DiskVolume.NotInSameZone) and refused with 403
     * IncorrectDiskStatus while another instance holds it, whatever that instance's status, until it is gone after
     * DeleteContainerGroup; an unknown disk is 404 InvalidDiskId.NotFound. Idempotent for the same arguments;
     * {@link IllegalArgumentException} for a blank id, an unknown zone, a size below 1 GiB or an existing id with
     * another zone or size. Forgotten by {@link #reset()}.
     */
    void createDisk(String diskId, String zoneId, int sizeGiB);

    /** Spot reclaim: the instance goes to Expired. Returns false if there is no such instance. */
    boolean expire(String instanceId);

    /**
     * Makes a running container's readiness probe fail (not ready until {@code failing} is false again) or
     * its liveness probe fail (killed and restarted once). Returns false if there is no such running container.
     */
    boolean failProbe(String instanceId, String container, boolean liveness, boolean failing);

    /**
     * What a running container uses from now on, as DescribeMultiContainerGroupMetric reports it: {@code cores}
     * (0.25 is 250m) and working set bytes (by default a quarter of its vCPU and 40% of its memory).
     */
    void setUsage(String instanceId, String container, double cores, long workingSetBytes);

    /** A file of a config-file volume as the instance was created with it (decoded), if there is one. */
    Optional<String> configFile(String instanceId, String volume, String path);

    /** Every instance, in creation order. */
    List<InstanceView> instances();

    Optional<InstanceView> instance(String instanceId);

    /** Number of instances per value of the given tag key (e.g. the pod-uid tag): a value above 1 is a duplicate. */
    Map<String, Long> instanceCountByTag(String tagKey);

    /** Per API counters. */
    Map<String, ApiStats> stats();

    /** Forgets instances, tokens, cloud disks, nonces and stats; quotas, faults and stock marks back to the settings. */
    void reset();
}
