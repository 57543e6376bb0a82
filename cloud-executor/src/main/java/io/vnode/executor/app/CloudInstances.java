package io.vnode.executor.app;

import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.ResolvedReferences;
import java.util.List;
import java.util.Map;

/**
 * The cloud's container groups (ECI / ACS instances) of one account. Every method is a single
 * blocking call (it may first wait for the account's rate-limit slot), never retried here: callers
 * decide. A failure throws {@link CloudException} with its classified {@link
 * io.vnode.executor.domain.CloudError}. Thread-safe. Nothing a method is given (resolved Secret
 * values included) is logged or kept after the call.
 */
public interface CloudInstances {

    /** One page of a listing; {@link #last()} when there is no next page. */
    record Page<T>(List<T> items, String nextToken) {
        public Page {
            items = List.copyOf(items);
        }

        public boolean last() {
            return nextToken == null || nextToken.isEmpty();
        }
    }

    /** A file of a ConfigFileVolume as the cloud has it; its content is a secret (never logged). */
    record ConfigFile(String path, String contentBase64, String mode) {
        @Override
        public String toString() {
            return "ConfigFile[" + path + "]";
        }
    }

    /** The cloud's answer to a create. */
    record Created(String instanceId, String requestId) {
    }

    /**
     * Creates the request's instance with {@code spec}, in the request's region. Idempotent per
     * {@code clientToken}: the same token with the same request answers the instance created first;
     * with other parameters the cloud rejects it (so each spec gets its own token).
     */
    Created create(InstanceRequest request, InstanceSpec spec, String clientToken, ResolvedReferences references);

    /**
     * Deletes one instance ({@code force}: without the grace period); returns the request id. An
     * instance already gone answers {@link io.vnode.executor.domain.CloudError.NotFound} (callers
     * treat it as success).
     */
    String delete(String regionId, String instanceId, boolean force);

    /** One page (at most 20) of the instances carrying every tag in {@code tags} and, if given, with one of {@code ids} (at most 20). */
    Page<CloudInstance> describe(String regionId, Map<String, String> tags, List<String> ids, String nextToken);

    /**
     * The files of the instance's ConfigFileVolumes, by volume name, with their content (DescribeContainerGroups by
     * id); an instance not found answers {@link io.vnode.executor.domain.CloudError.NotFound}.
     */
    Map<String, List<ConfigFile>> configFiles(String regionId, String instanceId);

    /**
     * UpdateContainerGroup: each named ConfigFileVolume gets exactly {@code volumes}' files, and the instance the
     * {@code tags} (all of them: what the cloud keeps of tags not sent is not relied on); returns the request id.
     */
    String updateConfigFiles(String regionId, String instanceId, Map<String, List<ConfigFile>> volumes,
                             Map<String, String> tags, String clientToken);

    /** Ids of the tagged instances whose status changed in the last {@code sinceSeconds} (pages of up to 200). */
    Page<String> changedStatus(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken);

    /** Ids of the tagged instances with new events in the last {@code sinceSeconds} (pages of up to 200). */
    Page<String> changedEvents(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken);
}
