package io.vnode.reconciler.domain;

import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceStatusChanged;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The billing marks of one pod, persisted as RFC 3339 annotations {@link Keys#BILLING_START} and
 * {@link Keys#BILLING_STOP}, set once each, with the cloud's own timestamps.
 *
 * <ul>
 *   <li>start: the first status in a billed state (Pending, Running, Restarting, Updating,
 *       Terminating), at the cloud's startTime, else the status change time, else when observed;</li>
 *   <li>stop: the first of Succeeded/Failed/Expired (their own times) or deletion while billed
 *       (deletedAt). A terminal status that arrives without a start mark still bills from the
 *       cloud's startTime when it reports one.</li>
 * </ul>
 */
public record BillingMarks(Instant start, Instant stop) {

    public static final BillingMarks NONE = new BillingMarks(null, null);

    public static BillingMarks from(Map<String, String> annotations) {
        return new BillingMarks(parse(annotations.get(Keys.BILLING_START)), parse(annotations.get(Keys.BILLING_STOP)));
    }

    public Map<String, String> toAnnotations() {
        Map<String, String> a = new LinkedHashMap<>();
        if (start != null) {
            a.put(Keys.BILLING_START, Rfc3339.format(start));
        }
        if (stop != null) {
            a.put(Keys.BILLING_STOP, Rfc3339.format(stop));
        }
        return a;
    }

    public boolean billed() {
        return start != null && stop == null;
    }

    public boolean stopped() {
        return stop != null;
    }

    public BillingMarks onStatus(InstanceStatusChanged e) {
        if (stop != null) {
            return this;
        }
        String status = e.status();
        if (EciStatus.billed(status)) {
            return start != null ? this : new BillingMarks(first(e.startTime(), e.statusChangedAt(), e.occurredAt()), null);
        }
        if (EciStatus.endsBilling(status)) {
            Instant s = start != null ? start : e.startTime();
            if (s == null) {
                return this;
            }
            Instant own = switch (status) {
                case EciStatus.SUCCEEDED -> e.succeededTime();
                case EciStatus.FAILED -> e.failedTime();
                default -> e.expiredTime();
            };
            Instant end = first(own, e.statusChangedAt(), e.occurredAt());
            return new BillingMarks(s, end.isBefore(s) ? s : end);
        }
        return this;
    }

    public BillingMarks onDeleted(InstanceDeleted d) {
        if (!billed()) {
            return this;
        }
        Instant end = first(d.deletedAt(), d.occurredAt());
        return new BillingMarks(start, end.isBefore(start) ? start : end);
    }

    private static Instant first(Instant... candidates) {
        for (Instant i : candidates) {
            if (i != null) {
                return i.truncatedTo(ChronoUnit.SECONDS);
            }
        }
        throw new IllegalArgumentException("no timestamp");
    }

    private static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
