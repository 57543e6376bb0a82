package io.vnode.emulator;

import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.protocol.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The group filters of a Describe request (ContainerGroupName, Status, ZoneId, VSwitchId, Tag.N.Key/Value),
 * read once per request. A tag filter without a value asks only for the key. Pure.
 */
record GroupFilter(String name, String status, String zone, String vSwitch, List<Instance.Tag> tags)
        implements Predicate<Instance> {

    static GroupFilter of(Params p) {
        List<Instance.Tag> tags = new ArrayList<>();
        for (Params tag : p.indexed("Tag").values()) {
            if (tag.get("Key") != null) {
                tags.add(new Instance.Tag(tag.get("Key"), tag.get("Value")));
            }
        }
        return new GroupFilter(p.get("ContainerGroupName"), p.get("Status"), p.get("ZoneId"), p.get("VSwitchId"),
                List.copyOf(tags));
    }

    /** The first tag filter with a value, whose tag index a lookup can start from; null if none. */
    Instance.Tag valuedTag() {
        for (Instance.Tag t : tags) {
            if (t.value() != null) {
                return t;
            }
        }
        return null;
    }

    @Override
    public boolean test(Instance i) {
        if ((name != null && !name.equals(i.name)) || (status != null && !status.equals(i.status().wire()))
                || (zone != null && !zone.equals(i.zoneId)) || (vSwitch != null && !vSwitch.equals(i.vSwitchId))) {
            return false;
        }
        for (Instance.Tag t : tags) {
            String have = i.tag(t.key());
            if (have == null || (t.value() != null && !t.value().equals(have))) {
                return false;
            }
        }
        return true;
    }
}
