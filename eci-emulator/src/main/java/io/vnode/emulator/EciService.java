package io.vnode.emulator;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.CreateRequest;
import io.vnode.emulator.domain.CreateRequestParser;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.InstanceEvent;
import io.vnode.emulator.domain.InstanceStatus;
import io.vnode.emulator.domain.IpAllocator;
import io.vnode.emulator.domain.Lifecycle;
import io.vnode.emulator.domain.TokenBucket;
import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.NonceStore;
import io.vnode.emulator.protocol.Params;
import io.vnode.emulator.protocol.PopSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The emulated cloud: authentication, quotas, faults, the six ECI actions and the admin operations.
 * Thread-safe; every call is CPU-only and short, so it runs on the server's event loop.
 * Instances advance lazily: whenever read, each one applies the transitions due by now.
 */
final class EciService implements EmulatorAdmin {

    static final long SIGNATURE_WINDOW_MILLIS = Duration.ofMinutes(15).toMillis();
    static final int MAX_NONCES = 200_000;
    static final int MAX_TOKENS = 200_000;
    /** Parameters that differ between retries of the same request; left out of the idempotency digest. */
    static final Set<String> TRANSPORT_PARAMS = Set.of("Signature", "SignatureNonce", "Timestamp", "SignatureMethod",
            "SignatureVersion", "SignatureType", "AccessKeyId", "Format", "SecurityToken");

    private record TokenRecord(long digest, String instanceId) {
    }

    /** A rendered answer. */
    record Outcome(int status, Map<String, Object> body, Duration latency) {
    }

    private static final class Counters {
        final LongAdder served = new LongAdder();
        final LongAdder throttled = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    }

    final EmulatorSettings settings;
    final JsonMapper json = JsonMapper.builder().build();
    private final CreateRequestParser parser;
    private final ConcurrentHashMap<String, Instance> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, Instance> bySeq = new ConcurrentSkipListMap<>();
    /** Instances by tag ("key\u0000value"), in creation order: the cloud finds instances by tag without a scan. */
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<Long, Instance>> byTag = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final Object createLock = new Object();
    private final LinkedHashMap<String, TokenRecord> tokens = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenRecord> eldest) {
            return size() > MAX_TOKENS;
        }
    };
    private final Set<String> noStock = ConcurrentHashMap.newKeySet();
    private final IpAllocator ips;
    private final NonceStore nonces = new NonceStore(SIGNATURE_WINDOW_MILLIS, MAX_NONCES);
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, FaultSettings> faults = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counters> counters = new ConcurrentHashMap<>();
    private final Random random;
    private final Predicate<Instance> inStock = i -> !noStock.contains(i.stockKey) && !noStock.contains(i.zoneId)
            && !noStock.contains(i.spec.key());

    EciService(EmulatorSettings settings) {
        this.settings = settings;
        this.parser = new CreateRequestParser(settings.eciSpecs(), settings.acsSpecs(), settings.zones(), settings.vSwitchZones());
        this.ips = new IpAllocator(settings.ipCidr());
        this.random = new Random(settings.faultSeed());
        applyStartSettings();
    }

    /** Quotas, faults and stock marks as the settings give them. */
    private void applyStartSettings() {
        settings.rateLimits().forEach((api, l) -> buckets.put(api, bucket(l)));
        settings.faults().forEach(this::setFaults);
        noStock.addAll(settings.noStock());
    }

    // ---------------------------------------------------------------- request pipeline

    Outcome process(String httpMethod, Params p) {
        String requestId = UUID.randomUUID().toString().toUpperCase();
        String action = p.get("Action");
        String api = action == null ? "(none)" : action;
        FaultSettings f = faultsFor(api);
        try {
            if (action == null) {
                throw ApiException.missing("Action");
            }
            if (settings.checkSignature()) {
                authenticate(httpMethod, p);
            }
            TokenBucket bucket = buckets.get(api);
            if (bucket != null && !bucket.tryAcquire(nowNanos())) {
                throw ApiException.throttled();
            }
            injectFaults(f);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.putAll(dispatch(action, p));
            counters(api).served.increment();
            return new Outcome(200, body, f.addedLatency());
        } catch (ApiException e) {
            Counters c = counters(api);
            c.errors.computeIfAbsent(e.code(), k -> new LongAdder()).increment();
            if (e.code().startsWith("Throttling")) {
                c.throttled.increment();
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.put("HostId", "eci." + settings.regionId() + ".aliyuncs.com");
            body.put("Code", e.code());
            body.put("Message", e.getMessage());
            return new Outcome(e.httpStatus(), body, f.addedLatency());
        }
    }

    /** Whether to close this call's connection unanswered (the drop fault). */
    boolean shouldDrop(String action) {
        FaultSettings f = faultsFor(action == null ? "(none)" : action);
        if (f.dropProbability() <= 0) {
            return false;
        }
        boolean drop = roll() < f.dropProbability();
        if (drop) {
            counters(action == null ? "(none)" : action).errors
                    .computeIfAbsent("(dropped)", k -> new LongAdder()).increment();
        }
        return drop;
    }

    private void authenticate(String method, Params p) {
        String keyId = p.get("AccessKeyId");
        if (keyId == null) {
            throw ApiException.missing("AccessKeyId");
        }
        String secret = settings.credentials().get(keyId);
        if (secret == null) {
            throw new ApiException(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (p.get("Signature") == null) {
            throw ApiException.missing("Signature");
        }
        String ts = p.get("Timestamp");
        if (ts == null) {
            throw ApiException.missing("Timestamp");
        }
        long now = settings.clock().millis();
        try {
            long at = Instant.parse(ts).toEpochMilli();
            if (Math.abs(now - at) > SIGNATURE_WINDOW_MILLIS) {
                throw new ApiException(400, "InvalidTimeStamp.Expired",
                        "Specified time stamp or date value is expired.");
            }
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if (!PopSignature.verify(method, p.asMap(), secret)) {
            throw new ApiException(400, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation. server string to sign is:"
                            + PopSignature.stringToSign(method, p.asMap()));
        }
        String nonce = p.get("SignatureNonce");
        if (nonce == null) {
            throw ApiException.missing("SignatureNonce");
        }
        if (!nonces.firstUse(keyId + "/" + nonce, now)) {
            throw new ApiException(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }

    private void injectFaults(FaultSettings f) {
        if (f == FaultSettings.NONE) {
            return;
        }
        if (f.throttleProbability() > 0 && roll() < f.throttleProbability()) {
            throw ApiException.throttled();
        }
        if (f.unavailableProbability() > 0 && roll() < f.unavailableProbability()) {
            throw ApiException.unavailable();
        }
        if (f.internalErrorProbability() > 0 && roll() < f.internalErrorProbability()) {
            throw ApiException.internalError();
        }
    }

    private double roll() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private FaultSettings faultsFor(String api) {
        FaultSettings f = faults.get(api);
        if (f == null) {
            f = faults.get("*");
        }
        return f == null ? FaultSettings.NONE : f;
    }

    private Map<String, Object> dispatch(String action, Params p) {
        return switch (action) {
            case "CreateContainerGroup" -> create(p);
            case "DescribeContainerGroups" -> describeGroups(p);
            case "DescribeContainerGroupStatus" -> describeStatus(p);
            case "DescribeContainerGroupEvents" -> describeEvents(p);
            case "DeleteContainerGroup" -> delete(p);
            case "DescribeContainerLog" -> containerLog(p);
            default -> throw new ApiException(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        };
    }

    // ---------------------------------------------------------------- actions

    private Map<String, Object> create(Params p) {
        CreateRequest r = parser.parse(p);
        long digest = digest(p);
        synchronized (createLock) {
            if (r.clientToken() != null) {
                TokenRecord t = tokens.get(r.clientToken());
                if (t != null) {
                    if (t.digest() != digest) {
                        throw new ApiException(400, "IdempotentParameterMismatch",
                                "The request uses the same client token as a previous, but non-identical request.");
                    }
                    return Map.of("ContainerGroupId", t.instanceId());
                }
            }
            if (byId.size() >= settings.maxInstances()) {
                throw new ApiException(400, "QuotaExceeded.ContainerGroup",
                        "The number of container groups exceeds the quota of " + settings.maxInstances() + ".");
            }
            CreateRequest.Candidate chosen = null;
            CreateRequest.Placement where = null;
            outer:
            for (CreateRequest.Candidate c : r.candidates()) {
                for (CreateRequest.Placement pl : r.placements()) {
                    if (!noStock.contains(c.stockKey()) && !noStock.contains(c.spec().key()) && !noStock.contains(pl.zoneId())) {
                        chosen = c;
                        where = pl;
                        break outer;
                    }
                }
            }
            if (chosen == null) {
                throw new ApiException(403, "ContainerGroup.NoStock",
                        "The resource is out of stock in the specified zone. Please try other types of resources or other regions and zones.");
            }
            int ip = ips.allocate().orElseThrow(() -> new ApiException(400, "InvalidVSwitchId.IpNotEnough",
                    "The specified VSwitch has not enough IP addresses."));
            long n = seq.incrementAndGet();
            String id = (r.isAcs() ? "acs-" : "eci-") + idSuffix(n);
            long now = settings.clock().millis();
            List<ContainerRuntime> containers = new ArrayList<>();
            for (CreateRequest.ContainerSpec c : r.containers()) {
                ImageBehaviour b = behaviourOf(c.image());
                containers.add(new ContainerRuntime(c.name(), c.image(), c.cpu(), c.memory(), c.gpu(),
                        b == null ? null : b.exitCode(), b == null ? 0 : b.runFor().toMillis(),
                        b == null ? List.of() : b.logLines()));
            }
            Timing t = settings.timing();
            Instance inst = new Instance(n, id, r.name(), settings.regionId(), where.zoneId(),
                    where.vSwitchId() != null ? where.vSwitchId() : "vsw-" + where.zoneId(), r.clientToken(),
                    chosen.spec(), chosen.instanceType(), chosen.stockKey(), r.computeClass(), r.computeQos(),
                    r.spotStrategy(), r.restartPolicy(), ip, r.tags(), containers, now,
                    new Instance.Durations(t.scheduling().toMillis(), t.pending().toMillis(), t.starting().toMillis(),
                            t.terminating().toMillis()));
            byId.put(id, inst);
            bySeq.put(n, inst);
            for (Instance.Tag tag : inst.tags) {
                byTag.computeIfAbsent(tagKey(tag.key(), tag.value()), k -> new ConcurrentSkipListMap<>()).put(n, inst);
            }
            if (r.clientToken() != null) {
                tokens.put(r.clientToken(), new TokenRecord(digest, id));
            }
            return Map.of("ContainerGroupId", id);
        }
    }

    private ImageBehaviour behaviourOf(String image) {
        for (ImageBehaviour b : settings.imageBehaviours()) {
            if (b.matches(image)) {
                return b;
            }
        }
        return null;
    }

    private static String idSuffix(long n) {
        long mixed = (n * 0x9E3779B97F4A7C15L) ^ 0x5DEECE66DL;
        String s = Long.toString(mixed >>> 1, 36);
        return "bp1" + "0".repeat(Math.max(0, 13 - s.length())) + s;
    }

    static long digest(Params p) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(p.asMap()).entrySet()) {
                if (!TRANSPORT_PARAMS.contains(e.getKey())) {
                    md.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] d = md.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> describeGroups(Params p) {
        int limit = limit(p, 20);
        GroupFilter f = GroupFilter.of(p);
        Page page = page(p, limit, 20, f, f, true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", page.total);
        out.put("NextToken", page.nextToken);
        List<Object> groups = new ArrayList<>();
        for (Instance i : page.items) {
            synchronized (i) {
                groups.add(renderGroup(i));
            }
        }
        out.put("ContainerGroups", groups);
        return out;
    }

    private Map<String, Object> describeStatus(Params p) {
        int limit = limit(p, 200);
        long since = sinceMillis(p);
        GroupFilter f = GroupFilter.of(p);
        Page page = page(p, limit, 20, f, i -> i.statusChangedAt() >= since && f.test(i), false);
        List<Object> data = new ArrayList<>();
        for (Instance i : page.items) {
            synchronized (i) {
                data.add(renderStatus(i));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NextToken", page.nextToken);
        out.put("Data", data);
        return out;
    }

    private Map<String, Object> describeEvents(Params p) {
        int limit = limit(p, 200);
        long since = sinceMillis(p);
        Predicate<Instance> hasEvents = i -> {
            synchronized (i) {
                for (InstanceEvent e : i.events()) {
                    if (e.lastMillis() >= since) {
                        return true;
                    }
                }
                return false;
            }
        };
        GroupFilter f = GroupFilter.of(p);
        Page page = page(p, limit, 20, f, i -> f.test(i) && hasEvents.test(i), false);
        List<Object> data = new ArrayList<>();
        for (Instance i : page.items) {
            synchronized (i) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ContainerGroupId", i.id);
                m.put("Name", i.name);
                m.put("ResourceType", "ContainerGroup");
                m.put("Events", renderEvents(i, since));
                data.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NextToken", page.nextToken);
        out.put("Data", data);
        return out;
    }

    /** The live instance a request's ContainerGroupId names, or the cloud's MissingParameter / NotFound error. */
    private Instance namedInstance(Params p) {
        String id = p.get("ContainerGroupId");
        if (id == null) {
            throw ApiException.missing("ContainerGroupId");
        }
        Instance i = live(byId.get(id));
        if (i == null) {
            throw ApiException.notFound("ContainerGroupId " + id);
        }
        return i;
    }

    private Map<String, Object> delete(Params p) {
        Instance i = namedInstance(p);
        boolean force = Boolean.parseBoolean(p.get("Force"));
        boolean gone;
        synchronized (i) {
            gone = Lifecycle.delete(i, settings.clock().millis(), force);
        }
        if (gone) {
            remove(i);
        }
        return Map.of();
    }

    private Map<String, Object> containerLog(Params p) {
        Instance i = namedInstance(p);
        String name = p.get("ContainerName");
        long now = settings.clock().millis();
        synchronized (i) {
            ContainerRuntime c = name == null ? i.containers.get(0)
                    : i.containers.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> ApiException.invalid("ContainerName", "No container " + name + " in " + i.id + "."));
            long sinceMillis = Long.MIN_VALUE;
            if (p.get("SinceSeconds") != null) {
                sinceMillis = now - 1000L * intParam(p, "SinceSeconds", 0, Integer.MAX_VALUE);
            }
            if (p.get("StartTime") != null) {
                try {
                    sinceMillis = Math.max(sinceMillis, Instant.parse(p.get("StartTime")).toEpochMilli());
                } catch (DateTimeParseException e) {
                    throw ApiException.invalid("StartTime", "Expected RFC 3339 UTC.");
                }
            }
            boolean timestamps = Boolean.parseBoolean(p.get("Timestamps"));
            List<String> lines = new ArrayList<>();
            if (c.startedAt() > 0) {
                List<String> all = c.logLines().isEmpty() ? List.of("Started " + c.image()) : c.logLines();
                long end = c.state() == ContainerRuntime.State.TERMINATED ? c.finishedAt() : now;
                int n = all.size();
                for (int k = 0; k < n; k++) {
                    long at = c.runsForever() ? c.startedAt() + 1000L * k : c.startedAt() + c.runForMillis() * (k + 1) / (n + 1);
                    if (at <= end && at >= sinceMillis) {
                        lines.add(timestamps ? Instant.ofEpochMilli(at) + " " + all.get(k) : all.get(k));
                    }
                }
            }
            if (p.get("Tail") != null) {
                int tail = intParam(p, "Tail", 0, Integer.MAX_VALUE);
                lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
            }
            String content = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
            if (p.get("LimitBytes") != null) {
                int limitBytes = intParam(p, "LimitBytes", 1, Integer.MAX_VALUE);
                byte[] b = content.getBytes(StandardCharsets.UTF_8);
                if (b.length > limitBytes) {
                    content = new String(b, 0, limitBytes, StandardCharsets.UTF_8);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ContainerName", c.name());
            out.put("Content", content);
            return out;
        }
    }

    // ---------------------------------------------------------------- paging and filters

    private record Page(List<Instance> items, int total, String nextToken) {
    }

    private Page page(Params p, int limit, int maxIds, GroupFilter groups, Predicate<Instance> filter, boolean countTotal) {
        long from = 0;
        String token = p.get("NextToken");
        if (token != null) {
            try {
                from = Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("NextToken", "The token is not one this API returned.");
            }
        }
        Collection<Instance> source;
        String idsJson = p.get("ContainerGroupIds");
        if (idsJson != null) {
            String[] ids;
            try {
                ids = json.readValue(idsJson, String[].class);
            } catch (JacksonException e) {
                throw ApiException.invalid("ContainerGroupIds", "It must be a JSON array of IDs.");
            }
            if (ids.length > maxIds) {
                throw ApiException.invalid("ContainerGroupIds", "At most " + maxIds + " IDs are allowed.");
            }
            TreeMap<Long, Instance> picked = new TreeMap<>();
            for (String id : ids) {
                Instance i = byId.get(id);
                if (i != null) {
                    picked.put(i.seq, i);
                }
            }
            source = picked.values();
        } else if (groups.valuedTag() != null) {
            ConcurrentSkipListMap<Long, Instance> tagged = byTag.get(groups.valuedTag());
            source = tagged == null ? List.of() : countTotal ? tagged.values() : tagged.tailMap(from).values();
        } else {
            source = countTotal ? bySeq.values() : bySeq.tailMap(from).values();
        }
        List<Instance> items = new ArrayList<>(Math.min(limit, 64));
        int total = 0;
        String next = "";
        for (Instance raw : source) {
            Instance i = live(raw);
            if (i == null || !filter.test(i)) {
                continue;
            }
            total++;
            if (i.seq < from) {
                continue;
            }
            if (items.size() < limit) {
                items.add(i);
            } else if (next.isEmpty()) {
                next = Long.toString(i.seq);
                if (!countTotal) {
                    break;
                }
            }
        }
        return new Page(items, total, next);
    }

    private static String tagKey(String key, String value) {
        return key + '\u0000' + value;
    }

    /**
     * The group filters of a request (ContainerGroupName, Status, ZoneId, VSwitchId, Tag.N.Key/Value),
     * read once per request; {@link #valuedTag()} names the tag index a lookup can start from.
     */
    private record GroupFilter(String name, String status, String zone, String vSwitch, List<Instance.Tag> tags)
            implements Predicate<Instance> {

        static GroupFilter of(Params p) {
            List<Instance.Tag> tags = new ArrayList<>();
            for (Params tag : p.indexed("Tag").values()) {
                if (tag.get("Key") != null) {
                    tags.add(new Instance.Tag(tag.get("Key"), tag.get("Value")));
                }
            }
            return new GroupFilter(p.get("ContainerGroupName"), p.get("Status"), p.get("ZoneId"), p.get("VSwitchId"), List.copyOf(tags));
        }

        String valuedTag() {
            for (Instance.Tag t : tags) {
                if (t.value() != null) {
                    return tagKey(t.key(), t.value());
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

    private int limit(Params p, int max) {
        return p.get("Limit") == null ? max : intParam(p, "Limit", 1, max);
    }

    private static int intParam(Params p, String key, int min, int max) {
        try {
            int v = Integer.parseInt(p.get(key));
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(key, "It must be an integer in [" + min + ", " + max + "].");
        }
    }

    private long sinceMillis(Params p) {
        if (p.get("SinceSecond") == null) {
            return Long.MIN_VALUE;
        }
        return settings.clock().millis() - 1000L * intParam(p, "SinceSecond", 0, Integer.MAX_VALUE);
    }

    /** Advances the instance to now; null (and forgotten) if it is gone. */
    private Instance live(Instance i) {
        if (i == null) {
            return null;
        }
        boolean gone;
        synchronized (i) {
            Lifecycle.advance(i, settings.clock().millis(), inStock);
            gone = i.status() == InstanceStatus.GONE;
        }
        if (gone) {
            remove(i);
            return null;
        }
        return i;
    }

    private void remove(Instance i) {
        if (byId.remove(i.id, i)) {
            bySeq.remove(i.seq);
            for (Instance.Tag tag : i.tags) {
                byTag.computeIfPresent(tagKey(tag.key(), tag.value()), (k, m) -> {
                    m.remove(i.seq);
                    return m.isEmpty() ? null : m;
                });
            }
            ips.release(i.ip);
        }
    }

    // ---------------------------------------------------------------- rendering

    static String time(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private Map<String, Object> renderGroup(Instance i) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("ContainerGroupId", i.id);
        g.put("ContainerGroupName", i.name);
        g.put("RegionId", i.regionId);
        g.put("ZoneId", i.zoneId);
        g.put("VSwitchId", i.vSwitchId);
        g.put("SecurityGroupId", "sg-emulator");
        g.put("VpcId", "vpc-emulator");
        g.put("Status", i.status().wire());
        g.put("Cpu", (float) i.spec.cpu());
        g.put("Memory", (float) i.spec.memory());
        put(g, "InstanceType", i.instanceType);
        put(g, "ComputeClass", i.computeClass);
        put(g, "ComputeQos", i.computeQos);
        g.put("IntranetIp", IpAllocator.format(i.ip));
        g.put("RestartPolicy", i.restartPolicy);
        g.put("SpotStrategy", i.spotStrategy);
        g.put("EphemeralStorage", 30);
        g.put("CreationTime", time(i.createdAt));
        put(g, "SucceededTime", time(i.succeededAt()));
        put(g, "FailedTime", time(i.failedAt()));
        put(g, "ExpiredTime", time(i.expiredAt()));
        List<Object> tags = new ArrayList<>();
        for (Instance.Tag t : i.tags) {
            tags.add(Map.of("Key", t.key(), "Value", t.value()));
        }
        g.put("Tags", tags);
        g.put("Events", renderEvents(i, Long.MIN_VALUE));
        List<Object> containers = new ArrayList<>();
        for (ContainerRuntime c : i.containers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", c.name());
            m.put("Image", c.image());
            m.put("Cpu", (float) c.cpu());
            m.put("Memory", (float) c.memory());
            m.put("Gpu", c.gpu());
            m.put("Ready", c.ready());
            m.put("RestartCount", c.restartCount());
            m.put("CurrentState", containerState(c.state(), c.reason(), c.startedAt(), c.finishedAt(), c.lastExitCode()));
            if (c.prevState() != null) {
                m.put("PreviousState", containerState(c.prevState(), c.prevReason(), c.prevStartedAt(), c.prevFinishedAt(),
                        c.prevExitCode()));
            }
            containers.add(m);
        }
        g.put("Containers", containers);
        g.put("InitContainers", List.of());
        g.put("Volumes", List.of());
        return g;
    }

    private static Map<String, Object> containerState(ContainerRuntime.State s, String reason, long started, long finished,
                                                      Integer exit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("State", switch (s) {
            case WAITING -> "Waiting";
            case RUNNING -> "Running";
            case TERMINATED -> "Terminated";
        });
        put(m, "Reason", reason);
        put(m, "DetailStatus", reason);
        put(m, "ExitCode", exit);
        put(m, "StartTime", time(started));
        put(m, "FinishTime", time(finished));
        return m;
    }

    private List<Object> renderEvents(Instance i, long since) {
        List<Object> out = new ArrayList<>();
        for (InstanceEvent e : i.events()) {
            if (e.lastMillis() < since) {
                continue;
            }
            String a;
            String b;
            if (e.container() < 0) {
                a = i.id;
                b = i.zoneId;
                if (e.kind() == io.vnode.emulator.domain.EventKind.NO_STOCK) {
                    a = i.stockKey;
                }
            } else {
                ContainerRuntime c = i.containers.get(e.container());
                a = e.kind() == io.vnode.emulator.domain.EventKind.PULLING
                        || e.kind() == io.vnode.emulator.domain.EventKind.PULLED ? c.image() : c.name();
                b = null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Count", e.count());
            m.put("Type", e.kind().type());
            m.put("Name", i.id + "." + Long.toHexString(e.firstMillis()) + Integer.toHexString(e.seq()));
            m.put("Reason", e.kind().reason());
            m.put("Message", e.kind().message(a, b));
            m.put("FirstTimestamp", time(e.firstMillis()));
            m.put("LastTimestamp", time(e.lastMillis()));
            out.add(m);
        }
        return out;
    }

    static String phaseOf(InstanceStatus s) {
        return switch (s) {
            case SCHEDULING, PENDING -> "Pending";
            case RUNNING, TERMINATING -> "Running";
            case SUCCEEDED -> "Succeeded";
            default -> "Failed";
        };
    }

    private Map<String, Object> renderStatus(Instance i) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ContainerGroupId", i.id);
        d.put("Name", i.name);
        d.put("Namespace", i.tag("k8s-namespace") != null ? i.tag("k8s-namespace") : "default");
        d.put("uuid", i.id);
        d.put("Annotations", "{}");
        d.put("Status", i.status().wire());
        List<Object> tags = new ArrayList<>();
        for (Instance.Tag t : i.tags) {
            tags.add(Map.of("Key", t.key(), "Value", t.value()));
        }
        d.put("Tags", tags);
        Map<String, Object> ps = new LinkedHashMap<>();
        InstanceStatus s = i.status();
        ps.put("Phase", phaseOf(s));
        boolean placed = s != InstanceStatus.SCHEDULING && s != InstanceStatus.SCHEDULE_FAILED;
        String ip = IpAllocator.format(i.ip);
        if (placed) {
            ps.put("PodIp", ip);
            ps.put("PodIps", List.of(Map.of("Ip", ip)));
            ps.put("HostIp", ip);
        }
        ps.put("QosClass", "Guaranteed");
        put(ps, "StartTime", time(i.runningAt()));
        String changed = time(i.statusChangedAt());
        boolean ready = s == InstanceStatus.RUNNING && i.containers.stream().allMatch(ContainerRuntime::ready);
        List<Object> conditions = new ArrayList<>();
        conditions.add(condition("PodScheduled", placed, s == InstanceStatus.SCHEDULE_FAILED ? "Unschedulable" : null,
                time(i.createdAt)));
        conditions.add(condition("ContainerInstanceCreated", placed, null, time(i.createdAt)));
        conditions.add(condition("Initialized", placed, null, changed));
        conditions.add(condition("ContainersReady", ready, null, changed));
        conditions.add(condition("Ready", ready, null, changed));
        ps.put("Conditions", conditions);
        List<Object> statuses = new ArrayList<>();
        for (ContainerRuntime c : i.containers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", c.name());
            m.put("Image", c.image());
            m.put("ContainerID", "containerd://" + i.id + "-" + c.name());
            m.put("Ready", c.ready());
            m.put("Started", c.state() == ContainerRuntime.State.RUNNING);
            m.put("RestartCount", c.restartCount());
            m.put("State", podContainerState(c.state(), c.reason(), c.startedAt(), c.finishedAt(), c.lastExitCode()));
            m.put("LastState", c.prevState() == null ? Map.of()
                    : podContainerState(c.prevState(), c.prevReason(), c.prevStartedAt(), c.prevFinishedAt(), c.prevExitCode()));
            statuses.add(m);
        }
        ps.put("ContainerStatuses", statuses);
        d.put("PodStatus", ps);
        return d;
    }

    private static Map<String, Object> condition(String type, boolean status, String reason, String at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", type);
        m.put("Status", status ? "True" : "False");
        put(m, "Reason", reason);
        put(m, "LastTransitionTime", at);
        return m;
    }

    private static Map<String, Object> podContainerState(ContainerRuntime.State s, String reason, long started,
                                                         long finished, Integer exit) {
        Map<String, Object> inner = new LinkedHashMap<>();
        switch (s) {
            case WAITING -> {
                put(inner, "Reason", reason);
                return Map.of("Waiting", inner);
            }
            case RUNNING -> {
                put(inner, "StartedAt", time(started));
                return Map.of("Running", inner);
            }
            default -> {
                put(inner, "ExitCode", exit);
                put(inner, "Reason", reason);
                put(inner, "StartedAt", time(started));
                put(inner, "FinishedAt", time(finished));
                return Map.of("Terminated", inner);
            }
        }
    }

    // ---------------------------------------------------------------- admin

    private TokenBucket bucket(RateLimit l) {
        return new TokenBucket(l.permits(), l.window().toNanos(), nowNanos());
    }

    private long nowNanos() {
        Instant now = settings.clock().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private Counters counters(String api) {
        return counters.computeIfAbsent(api, k -> new Counters());
    }

    @Override
    public void setRateLimit(String api, int permits, Duration window) {
        buckets.put(api, bucket(new RateLimit(permits, window)));
    }

    /** Removes the quota of one API. */
    void clearRateLimit(String api) {
        buckets.remove(api);
    }

    @Override
    public void setFaults(String apiOrStar, FaultSettings f) {
        if (f == null || f.equals(FaultSettings.NONE)) {
            faults.remove(apiOrStar);
        } else {
            faults.put(apiOrStar, f);
        }
    }

    @Override
    public void setNoStock(String key, boolean out) {
        if (out) {
            noStock.add(key);
        } else {
            noStock.remove(key);
        }
    }

    Set<String> noStock() {
        return new TreeSet<>(noStock);
    }

    Map<String, FaultSettings> faults() {
        return new TreeMap<>(faults);
    }

    @Override
    public boolean expire(String instanceId) {
        Instance i = live(byId.get(instanceId));
        if (i == null) {
            return false;
        }
        synchronized (i) {
            return Lifecycle.expire(i, settings.clock().millis());
        }
    }

    @Override
    public List<InstanceView> instances() {
        List<InstanceView> out = new ArrayList<>(byId.size());
        for (Instance raw : bySeq.values()) {
            Instance i = live(raw);
            if (i != null) {
                out.add(view(i));
            }
        }
        return out;
    }

    @Override
    public Optional<InstanceView> instance(String id) {
        return Optional.ofNullable(live(byId.get(id))).map(this::view);
    }

    @Override
    public Map<String, Long> instanceCountByTag(String tagKey) {
        Map<String, Long> out = new TreeMap<>();
        for (Instance raw : bySeq.values()) {
            Instance i = live(raw);
            String v = i == null ? null : i.tag(tagKey);
            if (v != null) {
                out.merge(v, 1L, Long::sum);
            }
        }
        return out;
    }

    int instanceCount() {
        return byId.size();
    }

    private InstanceView view(Instance i) {
        synchronized (i) {
            List<InstanceView.ContainerView> cs = new ArrayList<>();
            for (ContainerRuntime c : i.containers) {
                cs.add(new InstanceView.ContainerView(c.name(), c.image(), c.state().name(), c.ready(), c.restartCount(),
                        c.lastExitCode(), instant(c.startedAt()), instant(c.finishedAt())));
            }
            Map<String, String> tags = new LinkedHashMap<>();
            i.tags.forEach(t -> tags.put(t.key(), t.value()));
            return new InstanceView(i.id, i.name, i.status().wire(), i.clientToken, tags, i.stockKey, i.spec.cpu(),
                    i.spec.memory(), i.instanceType, i.computeClass, i.zoneId, i.vSwitchId, IpAllocator.format(i.ip),
                    instant(i.createdAt), instant(i.succeededAt()), instant(i.failedAt()), instant(i.expiredAt()), cs);
        }
    }

    private static Instant instant(long ms) {
        return ms == 0 ? null : Instant.ofEpochMilli(ms);
    }

    @Override
    public Map<String, ApiStats> stats() {
        Map<String, ApiStats> out = new TreeMap<>();
        counters.forEach((api, c) -> out.put(api, new ApiStats(c.served.sum(), c.throttled.sum(),
                c.errors.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum(),
                        (a, b) -> a, TreeMap::new)))));
        return out;
    }

    @Override
    public void reset() {
        synchronized (createLock) {
            byId.clear();
            bySeq.clear();
            byTag.clear();
            tokens.clear();
            ips.reset();
        }
        nonces.clear();
        noStock.clear();
        faults.clear();
        counters.clear();
        buckets.clear();
        applyStartSettings();
    }
}
