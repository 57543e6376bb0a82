package io.vnode.translator.domain;

import io.vnode.contracts.Keys;
import io.vnode.contracts.pod.RejectionReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod annotations that become CreateContainerGroup parameters the SDK model lacks, by their API
 * names ({@code InstanceRequest.extraParameters}). Each value is checked here, so a typo reaches
 * the pod as a rejection instead of a cloud error later. The table is the documentation: every
 * annotation of eci-api.md 2.10/2.11 not in it is listed in the README with the reason.
 */
public final class CloudParameters {

    enum Kind { TEXT, BOOL, INT, DECIMAL, BITS_PER_SECOND, TRUE_MEANS_ONE, LIST }

    /** One annotation -> one API parameter. */
    record Param(String annotation, String apiName, Kind kind, Set<String> allowed, int min, int max) {
        Param(String annotation, String apiName, Kind kind) {
            this(annotation, apiName, kind, Set.of(), Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
    }

    public static final String ECI_FAIL_STRATEGY = Keys.ECI_FAIL_STRATEGY;
    public static final String ECI_CUSTOM_TAGS = "k8s.aliyun.com/eci-custom-tags";
    public static final int MAX_CUSTOM_TAGS = 3;

    /** Annotation -> parameter, in the order of the reference. */
    static final List<Param> PARAMS = List.of(
            new Param("k8s.aliyun.com/eci-compute-category", "ComputeCategory", Kind.LIST, Set.of("economy", "general"), 0, 0),
            new Param("k8s.aliyun.com/eci-gpu-driver-version", "GpuDriverVersion", Kind.TEXT),
            new Param("alibabacloud.com/gpu-driver-version", "GpuDriverVersion", Kind.TEXT),
            new Param("k8s.aliyun.com/eci-cpu-option-core", "CpuOptionsCore", Kind.INT, Set.of(), 1, 1024),
            new Param("k8s.aliyun.com/eci-cpu-option-ht", "CpuOptionsThreadsPerCore", Kind.INT, Set.of(), 1, 2),
            new Param("k8s.aliyun.com/eci-spot-strategy", "SpotStrategy", Kind.TEXT,
                    Set.of("NoSpot", "SpotAsPriceGo", "SpotWithPriceLimit"), 0, 0),
            new Param("k8s.aliyun.com/eci-spot-price-limit", "SpotPriceLimit", Kind.DECIMAL),
            new Param("k8s.aliyun.com/eci-spot-duration", "SpotDuration", Kind.INT, Set.of(), 0, 6),
            new Param("k8s.aliyun.com/eci-schedule-strategy", "ScheduleStrategy", Kind.TEXT,
                    Set.of("VSwitchOrdered", "VSwitchRandom"), 0, 0),
            new Param("k8s.aliyun.com/eci-max-pending-minute", "MaxPendingMinute", Kind.INT, Set.of(), 10, 1440),
            new Param("k8s.aliyun.com/eci-auto-imc", "AutoMatchImageCache", Kind.BOOL),
            new Param("k8s.aliyun.com/eci-image-cache", "AutoMatchImageCache", Kind.BOOL),
            new Param("k8s.aliyun.com/eci-imc-id", "ImageSnapshotId", Kind.TEXT),
            new Param("k8s.aliyun.com/eci-image-snapshot-id", "ImageSnapshotId", Kind.TEXT),
            new Param("k8s.aliyun.com/plain-http-registry", "PlainHttpRegistry", Kind.TEXT),
            new Param("registry.alibabacloud.com/plain-http-registry", "PlainHttpRegistry", Kind.TEXT),
            new Param("k8s.aliyun.com/insecure-registry", "InsecureRegistry", Kind.TEXT),
            new Param("registry.alibabacloud.com/insecure-registry", "InsecureRegistry", Kind.TEXT),
            new Param("k8s.aliyun.com/eci-with-eip", "AutoCreateEip", Kind.BOOL),
            new Param("network.alibabacloud.com/pod-with-eip", "AutoCreateEip", Kind.BOOL),
            new Param("k8s.aliyun.com/eci-eip-instanceid", "EipInstanceId", Kind.TEXT),
            new Param("network.alibabacloud.com/pod-eip-instanceid", "EipInstanceId", Kind.TEXT),
            new Param("k8s.aliyun.com/eip-bandwidth", "EipBandwidth", Kind.INT, Set.of(), 1, 10000),
            new Param("k8s.aliyun.com/eip-isp", "EipISP", Kind.TEXT),
            new Param("k8s.aliyun.com/eip-common-bandwidth-package-id", "EipCommonBandwidthPackage", Kind.TEXT),
            new Param("k8s.aliyun.com/eci-enable-ipv6", "Ipv6AddressCount", Kind.TRUE_MEANS_ONE),
            new Param("k8s.aliyun.com/eci-ipv6-bandwidth-enable", "Ipv6GatewayBandwidthEnable", Kind.BOOL),
            new Param("k8s.aliyun.com/eci-ipv6-bandwidth", "Ipv6GatewayBandwidth", Kind.TEXT),
            new Param("k8s.aliyun.com/eci-private-ip-address", "PrivateIpAddress", Kind.TEXT),
            new Param("k8s.aliyun.com/eci-fixed-ip", "FixedIp", Kind.BOOL),
            new Param("k8s.aliyun.com/eci-fixed-ip-retain-hour", "FixedIpRetainHour", Kind.INT, Set.of(), 0, 8760),
            new Param("kubernetes.io/ingress-bandwidth", "IngressBandwidth", Kind.BITS_PER_SECOND),
            new Param("kubernetes.io/egress-bandwidth", "EgressBandwidth", Kind.BITS_PER_SECOND),
            new Param("k8s.aliyun.com/eci-ram-role-name", "RamRoleName", Kind.TEXT),
            new Param("k8s.aliyun.com/eci-ntp-server", "NtpServer", Kind.LIST),
            new Param("k8s.aliyun.com/eci-core-pattern", "CorePattern", Kind.TEXT));

    private static final Set<String> FAIL_STRATEGIES = Set.of("fail-back", "fail-over", "fail-fast");

    private CloudParameters() {
    }

    /** The extra parameters of a pod (annotations, and the ACS label gpu-driver-version). Empty map if none. */
    static Map<String, String> of(Map<String, String> annotations, Map<String, String> labels) {
        Map<String, String> out = null;
        for (Param p : PARAMS) {
            String raw = annotations.get(p.annotation());
            if (raw == null && p.annotation().startsWith("alibabacloud.com/")) {
                raw = labels.get(p.annotation());
            }
            if (raw == null) {
                continue;
            }
            if (out == null) {
                out = new LinkedHashMap<>();
            }
            put(out, p, raw.trim());
        }
        if (out != null && "SpotWithPriceLimit".equals(out.get("SpotStrategy")) && !out.containsKey("SpotPriceLimit")) {
            throw new Reject(RejectionReason.INVALID_POD, "k8s.aliyun.com/eci-spot-strategy SpotWithPriceLimit needs"
                    + " k8s.aliyun.com/eci-spot-price-limit (the hourly price cap, e.g. 0.25)");
        }
        String fail = annotations.get(ECI_FAIL_STRATEGY);
        if (fail != null && !FAIL_STRATEGIES.contains(fail.trim())) {
            throw new Reject(RejectionReason.INVALID_POD, ECI_FAIL_STRATEGY + " '" + fail + "' must be one of "
                    + "fail-back, fail-over, fail-fast");
        }
        return out == null ? Map.of() : out;
    }

    private static void put(Map<String, String> out, Param p, String v) {
        switch (p.kind()) {
            case TEXT -> {
                if (v.isEmpty()) {
                    throw invalid(p, v, "a non-empty value");
                }
                if (!p.allowed().isEmpty() && !p.allowed().contains(v)) {
                    throw invalid(p, v, "one of " + String.join(", ", p.allowed().stream().sorted().toList()));
                }
                out.put(p.apiName(), v);
            }
            case BOOL -> out.put(p.apiName(), Boolean.toString(bool(p, v)));
            case TRUE_MEANS_ONE -> {
                if (bool(p, v)) {
                    out.put(p.apiName(), "1");
                }
            }
            case INT -> {
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw invalid(p, v, "a whole number");
                }
                if (n < p.min() || n > p.max()) {
                    throw invalid(p, v, "a number from " + p.min() + " to " + p.max());
                }
                out.put(p.apiName(), Integer.toString(n));
            }
            case DECIMAL -> {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw invalid(p, v, "a decimal number such as 0.25");
                }
                if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                    throw invalid(p, v, "a positive decimal number");
                }
                out.put(p.apiName(), v);
            }
            case BITS_PER_SECOND -> {
                double bits = Quantities.parse(v);
                if (Double.isNaN(bits) || bits <= 0) {
                    throw invalid(p, v, "a bandwidth quantity such as 10M (bit/s)");
                }
                out.put(p.apiName(), Long.toString((long) Math.ceil(bits)));
            }
            case LIST -> {
                List<String> items = Strings.splitComma(v);
                if (items.isEmpty()) {
                    throw invalid(p, v, "a comma-separated list");
                }
                for (int i = 0; i < items.size(); i++) {
                    if (!p.allowed().isEmpty() && !p.allowed().contains(items.get(i))) {
                        throw invalid(p, v, "a comma-separated list of " + String.join(", ",
                                p.allowed().stream().sorted().toList()));
                    }
                    out.put(p.apiName() + "." + (i + 1), items.get(i));
                }
            }
            default -> throw new IllegalStateException(p.kind().name());
        }
    }

    private static boolean bool(Param p, String v) {
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        if ("false".equalsIgnoreCase(v)) {
            return false;
        }
        throw invalid(p, v, "true or false");
    }

    private static Reject invalid(Param p, String v, String expected) {
        return new Reject(RejectionReason.INVALID_POD, "annotation " + p.annotation() + " '" + v + "' is invalid: "
                + "expected " + expected);
    }

    /**
     * k8s.aliyun.com/eci-custom-tags: {@code k1:v1,k2:v2}, at most 3, keys at most 64 and values at
     * most 128 characters, neither starting with {@code acs:} or {@code aliyun}.
     */
    static Map<String, String> customTags(String value) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (value == null) {
            return tags;
        }
        List<String> pairs = Strings.splitComma(value);
        if (pairs.size() > MAX_CUSTOM_TAGS) {
            throw new Reject(RejectionReason.INVALID_POD, ECI_CUSTOM_TAGS + " has " + pairs.size()
                    + " tags, at most " + MAX_CUSTOM_TAGS + " are allowed");
        }
        for (String pair : pairs) {
            int colon = pair.indexOf(':');
            String k = colon < 0 ? pair : pair.substring(0, colon).trim();
            String v = colon < 0 ? "" : pair.substring(colon + 1).trim();
            if (colon <= 0 || k.length() > 64 || v.length() > 128 || reservedTagPrefix(k) || reservedTagPrefix(v)
                    || k.startsWith("vnode.")) {
                throw new Reject(RejectionReason.INVALID_POD, ECI_CUSTOM_TAGS + ": '" + pair + "' is not a valid"
                        + " tag: write key:value pairs separated by commas (key <= 64, value <= 128 characters, not"
                        + " starting with acs:, aliyun or vnode.)");
            }
            tags.put(k, v);
        }
        return tags;
    }

    private static boolean reservedTagPrefix(String s) {
        return s.startsWith("acs:") || s.startsWith("aliyun");
    }
}
