package io.vnode.emulator;

import io.vnode.emulator.domain.Instance;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the cloud writes values into its JSON answers. Pure. */
final class WireFormat {

    private WireFormat() {
    }

    /** RFC 3339 UTC to the second, or null for 0 (not set). */
    static String time(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Puts the entry unless the value is null: the cloud leaves unset fields out. */
    static void putPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** {@code [{"Key":..,"Value":..}]} in the instance's tag order. */
    static List<Object> tags(Instance i) {
        List<Object> tags = new ArrayList<>();
        for (Instance.Tag t : i.tags()) {
            tags.add(Map.of("Key", t.key(), "Value", t.value()));
        }
        return tags;
    }
}
