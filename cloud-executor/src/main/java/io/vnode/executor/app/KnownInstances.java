package io.vnode.executor.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Pod uid -> the instance id the executor created or observed for it (feeds the vanished-instance check). */
public class KnownInstances {

    private final Map<String, String> byPod = new ConcurrentHashMap<>();

    public void put(String podUid, String instanceId) {
        byPod.put(podUid, instanceId);
    }

    public void removePod(String podUid) {
        byPod.remove(podUid);
    }

    public String get(String podUid) {
        return byPod.get(podUid);
    }
}
