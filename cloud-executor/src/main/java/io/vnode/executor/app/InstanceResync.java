package io.vnode.executor.app;

import io.vnode.executor.domain.CloudInstance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The level-triggered resync of one region: every instance of the cluster, listed by the cluster
 * tag in pages of 20 (DescribeContainerGroups), is observed page by page; instances not listed are
 * forgotten; then, if enabled, one {@link OrphanSweep} pass and one {@link TokenRenewal} pass over the listing. Blocking (a full
 * listing may page for minutes); one resync at a time.
 */
final class InstanceResync {

    private final CloudInstances cloud;
    private final RegionInstances instances;
    private final OrphanSweep orphanSweep;
    private final TokenRenewal tokenRenewal;
    private final Clock clock;

    /** @param orphanSweep null: no sweep; @param tokenRenewal null: tokens are not renewed */
    InstanceResync(CloudInstances cloud, RegionInstances instances, OrphanSweep orphanSweep, TokenRenewal tokenRenewal,
                   Clock clock) {
        this.cloud = cloud;
        this.instances = instances;
        this.orphanSweep = orphanSweep;
        this.tokenRenewal = tokenRenewal;
        this.clock = clock;
    }

    void run() {
        List<CloudInstance> listed = listAndObserve();
        if (orphanSweep != null) {
            orphanSweep.pass(instances.region(), listed, instances::forget);
        }
        if (tokenRenewal != null) {
            tokenRenewal.pass(instances.region(), listed);
        }
    }

    private List<CloudInstance> listAndObserve() {
        List<CloudInstance> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long listedFrom = instances.ticket();
        String token = null;
        do {
            String pageToken = token;
            long fetched = instances.ticket();
            CloudInstances.Page<CloudInstance> page = PageRetries.call(
                    () -> cloud.describe(instances.region(), instances.clusterTag(), null, pageToken));
            all.addAll(page.items());
            for (CloudInstance instance : page.items()) { // each page as it comes, stamped with its fetch time
                ids.add(instance.id());
                instances.observe(instance, clock.instant(), fetched);
            }
            token = page.last() ? null : page.nextToken();
        } while (token != null);
        instances.retainOnly(ids, listedFrom);
        return all;
    }
}
