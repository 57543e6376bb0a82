package io.vnode.executor.app;

import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.ResolvedReferences;
import java.util.List;
import java.util.Map;

/** A cloud every call of which fails the test: in-memory clouds override the calls their test expects. */
abstract class UnusedCloud implements CloudInstances {

    @Override
    public Created create(InstanceRequest request, InstanceSpec spec, String clientToken, ResolvedReferences references) {
        throw new UnsupportedOperationException("create");
    }

    @Override
    public String delete(String regionId, String instanceId, boolean force) {
        throw new UnsupportedOperationException("delete");
    }

    @Override
    public Map<String, List<ConfigFile>> configFiles(String regionId, String instanceId) {
        throw new UnsupportedOperationException("configFiles");
    }

    @Override
    public String updateConfigFiles(String regionId, String instanceId, Map<String, List<ConfigFile>> volumes,
                                    Map<String, String> tags, String clientToken) {
        throw new UnsupportedOperationException("updateConfigFiles");
    }

    @Override
    public Page<CloudInstance> describe(String regionId, Map<String, String> tags, List<String> ids, String nextToken) {
        throw new UnsupportedOperationException("describe");
    }

    @Override
    public Page<String> changedStatus(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
        throw new UnsupportedOperationException("changedStatus");
    }

    @Override
    public Page<String> changedEvents(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
        throw new UnsupportedOperationException("changedEvents");
    }
}
