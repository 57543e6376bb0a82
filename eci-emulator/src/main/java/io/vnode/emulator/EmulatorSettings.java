package io.vnode.emulator;

import io.vnode.emulator.domain.SpecTable;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an emulator is started with. Immutable; build with {@link #builder()} or start from
 * {@link #defaults()} and {@link #toBuilder()}.
 *
 * @param host             listen address (127.0.0.1)
 * @param port             listen port, 0 = random
 * @param regionId         the one region served (cn-hangzhou)
 * @param zones            zones of the region, tried in order when a request names none
 * @param credentials      AccessKeyId -> AccessKeySecret
 * @param vSwitchZones     VSwitchId -> zone; an unknown vSwitch is put in a zone chosen by its hash
 * @param ipCidr           where IntranetIps come from (10.0.0.0/16)
 * @param timing           lifecycle stage durations
 * @param rateLimits       per-API quotas; an API without one is unlimited
 * @param imageBehaviours  first match wins; an image matching none runs forever
 * @param maxInstances     instances kept at most (QuotaExceeded past it)
 * @param checkSignature   verify AccessKeyId, signature, timestamp and nonce
 * @param clock            time source for timestamps, lifecycle and quotas
 * @param faultSeed        seed of the Random behind fault injection
 * @param eciSpecs         the vCPU/memory table for ECI requests
 * @param acsSpecs         the vCPU/memory table for ACS requests (ComputeClass given)
 * @param faults           faults per API (or "*" for every API without its own) from the first call; none by default
 * @param noStock          specs ("2-4Gi"), instance types or zones out of stock from the first call; none by default
 */
public record EmulatorSettings(String host, int port, String regionId, List<String> zones,
                               Map<String, String> credentials, Map<String, String> vSwitchZones, String ipCidr,
                               Timing timing, Map<String, RateLimit> rateLimits,
                               List<ImageBehaviour> imageBehaviours, int maxInstances, boolean checkSignature,
                               Clock clock, long faultSeed, SpecTable eciSpecs, SpecTable acsSpecs,
                               Map<String, FaultSettings> faults, Set<String> noStock) {

    public static final Map<String, RateLimit> DEFAULT_RATE_LIMITS = defaultRateLimits();

    public EmulatorSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(regionId, "regionId");
        zones = List.copyOf(zones);
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("at least one zone");
        }
        credentials = Map.copyOf(credentials);
        vSwitchZones = Map.copyOf(vSwitchZones);
        Objects.requireNonNull(ipCidr, "ipCidr");
        Objects.requireNonNull(timing, "timing");
        rateLimits = Map.copyOf(rateLimits);
        imageBehaviours = List.copyOf(imageBehaviours);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(eciSpecs, "eciSpecs");
        Objects.requireNonNull(acsSpecs, "acsSpecs");
        faults = Map.copyOf(faults);
        noStock = Set.copyOf(noStock);
    }

    public static EmulatorSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.regionId = regionId;
        b.zones = zones;
        b.credentials = credentials;
        b.vSwitchZones = vSwitchZones;
        b.ipCidr = ipCidr;
        b.timing = timing;
        b.rateLimits = new LinkedHashMap<>(rateLimits);
        b.imageBehaviours = imageBehaviours;
        b.maxInstances = maxInstances;
        b.checkSignature = checkSignature;
        b.clock = clock;
        b.faultSeed = faultSeed;
        b.eciSpecs = eciSpecs;
        b.acsSpecs = acsSpecs;
        b.faults = new LinkedHashMap<>(faults);
        b.noStock = new LinkedHashSet<>(noStock);
        return b;
    }

    private static Map<String, RateLimit> defaultRateLimits() {
        Map<String, RateLimit> m = new LinkedHashMap<>();
        m.put("CreateContainerGroup", RateLimit.perMinute(1000));
        m.put("DeleteContainerGroup", RateLimit.perMinute(1000));
        m.put("UpdateContainerGroup", RateLimit.perMinute(1000));
        m.put("DescribeContainerGroups", RateLimit.perMinute(2000));
        m.put("DescribeContainerGroupStatus", RateLimit.perMinute(10000));
        m.put("DescribeContainerGroupEvents", RateLimit.perMinute(10000));
        m.put("DescribeContainerLog", RateLimit.perMinute(500));
        m.put("DescribeMultiContainerGroupMetric", RateLimit.perMinute(2000));
        m.put("ExecContainerCommand", RateLimit.perMinute(500));
        return Map.copyOf(m);
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String regionId = "cn-hangzhou";
        private List<String> zones = List.of("cn-hangzhou-j", "cn-hangzhou-k");
        private Map<String, String> credentials = Map.of("testAkId", "testAkSecret");
        private Map<String, String> vSwitchZones = Map.of();
        private String ipCidr = "10.0.0.0/16";
        private Timing timing = Timing.realistic();
        private Map<String, RateLimit> rateLimits = new LinkedHashMap<>(DEFAULT_RATE_LIMITS);
        private List<ImageBehaviour> imageBehaviours = List.of(ImageBehaviour.cudaVectorAdd(Duration.ofSeconds(5)));
        private int maxInstances = 100_000;
        private boolean checkSignature = true;
        private Clock clock = Clock.systemUTC();
        private long faultSeed = 42;
        private SpecTable eciSpecs = SpecTable.eciDefault();
        private SpecTable acsSpecs = SpecTable.acsDefault();
        private Map<String, FaultSettings> faults = new LinkedHashMap<>();
        private Set<String> noStock = new LinkedHashSet<>();

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder regionId(String v) { regionId = v; return this; }
        public Builder zones(List<String> v) { zones = v; return this; }
        public Builder credentials(Map<String, String> v) { credentials = v; return this; }
        public Builder vSwitchZones(Map<String, String> v) { vSwitchZones = v; return this; }
        public Builder ipCidr(String v) { ipCidr = v; return this; }
        public Builder timing(Timing v) { timing = v; return this; }
        public Builder rateLimits(Map<String, RateLimit> v) { rateLimits = new LinkedHashMap<>(v); return this; }
        public Builder rateLimit(String api, RateLimit v) { rateLimits.put(api, v); return this; }
        /** No quota at all (benchmarks). */
        public Builder unlimited() { rateLimits = new LinkedHashMap<>(); return this; }
        public Builder imageBehaviours(List<ImageBehaviour> v) { imageBehaviours = v; return this; }
        public Builder maxInstances(int v) { maxInstances = v; return this; }
        public Builder checkSignature(boolean v) { checkSignature = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder faultSeed(long v) { faultSeed = v; return this; }
        public Builder eciSpecs(SpecTable v) { eciSpecs = v; return this; }
        public Builder acsSpecs(SpecTable v) { acsSpecs = v; return this; }
        public Builder faults(Map<String, FaultSettings> v) { faults = new LinkedHashMap<>(v); return this; }
        /** Faults of one API, or of every API with "*" (an API's own setting wins over "*"). */
        public Builder fault(String apiOrStar, FaultSettings v) { faults.put(apiOrStar, v); return this; }
        public Builder noStock(Set<String> v) { noStock = new LinkedHashSet<>(v); return this; }
        /** Marks a spec ("2-4Gi"), an instance type ("ecs.c6.xlarge") or a zone ("cn-hangzhou-j") out of stock. */
        public Builder noStock(String specOrInstanceTypeOrZone) { noStock.add(specOrInstanceTypeOrZone); return this; }

        public EmulatorSettings build() {
            return new EmulatorSettings(host, port, regionId, zones, credentials, vSwitchZones, ipCidr, timing,
                    rateLimits, imageBehaviours, maxInstances, checkSignature, clock, faultSeed, eciSpecs, acsSpecs,
                    faults, noStock);
        }
    }
}
