package io.vnode.emulator;

import java.util.Map;

/**
 * Counters for one API since start or the last reset.
 *
 * @param served       calls answered with HTTP 200
 * @param throttled    calls refused with Throttling.User (quota or injected)
 * @param errorsByCode error answers by Code (Throttling.User included)
 */
public record ApiStats(long served, long throttled, Map<String, Long> errorsByCode) {

    public long errors() {
        return errorsByCode.values().stream().mapToLong(Long::longValue).sum();
    }
}
