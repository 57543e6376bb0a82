package io.vnode.emulator.domain;

import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Validates CreateContainerGroup parameters the way the cloud does and with its error codes. Pure. */
public final class CreateRequestParser {

    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,126}[a-z0-9])?");
    static final Pattern INSTANCE_TYPE = Pattern.compile("ecs\\.([a-z0-9-]+)\\.(\\d*)(small|medium|large|xlarge)");
    static final Set<String> RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
    static final Set<String> SPOT_STRATEGIES = Set.of("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo");
    static final Set<String> COMPUTE_CLASSES = Set.of("general-purpose", "performance", "gpu", "gpu-hpn", "agent-sandbox");
    static final Set<String> COMPUTE_QOS = Set.of("default", "best-effort");
    static final int MAX_CONTAINERS = 20;
    static final int MAX_VOLUMES = 20;
    public static final int MAX_TAGS = 20;
    static final int MAX_INSTANCE_TYPES = 5;
    static final int MAX_VSWITCHES = 10;
    static final List<VolumeType> VOLUME_TYPES = List.of(
            new VolumeType("EmptyDirVolume", List.of("Medium", "SizeLimit"), List.of()),
            new VolumeType("NFSVolume", List.of("Server", "Path", "ReadOnly"), List.of("Server", "Path")),
            new VolumeType("ConfigFileVolume", List.of("DefaultMode"), List.of()),
            new VolumeType("FlexVolume", List.of("Driver", "FsType", "Options"), List.of("Driver")),
            new VolumeType("DiskVolume", List.of("DiskId", "DiskSize", "FsType"), List.of("DiskId")),
            new VolumeType("HostPathVolume", List.of("Path", "Type"), List.of()));
    static final String CONFIG_FILE_TO_PATH = "ConfigFileVolume.ConfigFileToPath";

    /** A {@code Volume.N.Type}, its fields (after {@code Volume.N.<Type>.}) in the API reference's order, those it needs. */
    record VolumeType(String name, List<String> fields, List<String> required) {
    }

    private final SpecTable eciSpecs;
    private final SpecTable acsSpecs;
    private final List<String> zones;
    private final Map<String, String> vSwitchZones;

    public CreateRequestParser(SpecTable eciSpecs, SpecTable acsSpecs, List<String> zones, Map<String, String> vSwitchZones) {
        this.eciSpecs = eciSpecs;
        this.acsSpecs = acsSpecs;
        this.zones = List.copyOf(zones);
        this.vSwitchZones = Map.copyOf(vSwitchZones);
    }

    public CreateRequest parse(Params p) {
        if (p.get("RegionId") == null) {
            throw ApiException.missing("RegionId");
        }
        String name = p.get("ContainerGroupName");
        if (name == null) {
            throw ApiException.missing("ContainerGroupName");
        }
        if (name.length() < 2 || !NAME.matcher(name).matches()) {
            throw ApiException.invalid("ContainerGroupName",
                    "It must be 2 to 128 characters of lowercase letters, digits and hyphens, not starting or ending with a hyphen.");
        }
        String token = p.get("ClientToken");
        if (token != null && (token.length() > 64 || !token.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7F))) {
            throw ApiException.invalid("ClientToken", "It must be at most 64 ASCII characters.");
        }
        String restartPolicy = p.getOrDefault("RestartPolicy", "Always");
        if (!RESTART_POLICIES.contains(restartPolicy)) {
            throw ApiException.invalid("RestartPolicy", "Valid values: Always, OnFailure, Never.");
        }
        String spot = p.getOrDefault("SpotStrategy", "NoSpot");
        if (!SPOT_STRATEGIES.contains(spot)) {
            throw ApiException.invalid("SpotStrategy", "Valid values: NoSpot, SpotWithPriceLimit, SpotAsPriceGo.");
        }
        if ("SpotWithPriceLimit".equals(spot) && p.get("SpotPriceLimit") == null) {
            throw ApiException.missing("SpotPriceLimit");
        }
        String computeClass = p.get("ComputeClass");
        String computeQos = p.get("ComputeQos");
        String gpuModelSeries = p.get("GpuModelSeries");
        if (computeClass != null) {
            if (!COMPUTE_CLASSES.contains(computeClass)) {
                throw ApiException.invalid("ComputeClass", "Valid values: " + String.join(", ", COMPUTE_CLASSES) + ".");
            }
            computeQos = computeQos == null ? "default" : computeQos;
            if (!COMPUTE_QOS.contains(computeQos) || ("gpu-hpn".equals(computeClass) && !"default".equals(computeQos))) {
                throw ApiException.invalid("ComputeQos", "Valid values: default, best-effort (gpu-hpn: default only).");
            }
            // gpu-hpn runs on a reserved capacity whose GPU model is the reservation's, so only gpu needs it
            if ("gpu".equals(computeClass) && gpuModelSeries == null) {
                throw ApiException.missing("GpuModelSeries");
            }
        } else if (computeQos != null || gpuModelSeries != null) {
            throw ApiException.missing("ComputeClass");
        }
        List<CreateRequest.ContainerSpec> containers = containers(p, "Container", true);
        List<CreateRequest.ContainerSpec> inits = containers(p, "InitContainer", false);
        List<Instance.Volume> volumes = volumes(p);
        Set<String> volumeNames = volumes.stream().map(Instance.Volume::name).collect(Collectors.toSet());
        requireMountedVolumes(p, "Container", volumeNames);
        requireMountedVolumes(p, "InitContainer", volumeNames);
        Map<String, String> configFiles = configFiles(p);
        List<Instance.Tag> tags = tags(p);
        List<CreateRequest.Candidate> candidates = candidates(p, containers, computeClass != null);
        List<CreateRequest.Placement> placements = placements(p);
        return new CreateRequest(name, token, restartPolicy, spot, computeClass, computeQos, gpuModelSeries,
                candidates, placements, containers, inits, tags, volumes, configFiles);
    }

    /** The volumes of an UpdateContainerGroup and their config files ("volume/path" -> base64 content). */
    public record VolumeUpdate(List<Instance.Volume> volumes, Map<String, String> configFiles) {
    }

    /** An update's {@code Volume.N}, checked as a create's. */
    public static VolumeUpdate volumeUpdate(Params p) {
        return new VolumeUpdate(volumes(p), configFiles(p));
    }

    /** {@code Volume.N}: a unique name, a known type and the fields that type needs, kept in the reference's order. */
    private static List<Instance.Volume> volumes(Params p) {
        var groups = p.indexed("Volume");
        if (groups.size() > MAX_VOLUMES) {
            throw ApiException.invalid("Volume", "At most " + MAX_VOLUMES + " volumes are allowed.");
        }
        List<Instance.Volume> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        groups.forEach((n, v) -> {
            String label = "Volume." + n + ".";
            String name = v.get("Name");
            if (name == null) {
                throw ApiException.missing(label + "Name");
            }
            if (!names.add(name)) {
                throw ApiException.invalid(label + "Name", "The volume name " + name + " is duplicated.");
            }
            String type = v.get("Type");
            if (type == null) {
                throw ApiException.missing(label + "Type");
            }
            VolumeType known = VOLUME_TYPES.stream().filter(t -> t.name().equals(type)).findFirst()
                    .orElseThrow(() -> ApiException.invalid(label + "Type", "Valid values: "
                            + VOLUME_TYPES.stream().map(VolumeType::name).collect(Collectors.joining(", ")) + "."));
            Map<String, String> fields = volumeFields(v, known);
            checkVolumeFields(label, known, fields);
            out.add(new Instance.Volume(name, type, fields));
        });
        return out;
    }

    /** The type's own fields in the reference's order, then a config file volume's files (path and mode) by index. */
    private static Map<String, String> volumeFields(Params v, VolumeType type) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : type.fields()) {
            String key = type.name() + "." + field;
            if (v.get(key) != null) {
                fields.put(key, v.get(key));
            }
        }
        if (type.name().equals("ConfigFileVolume")) {
            v.indexed(CONFIG_FILE_TO_PATH).forEach((m, f) -> {
                for (String field : List.of("Path", "Mode")) {
                    if (f.get(field) != null) {
                        fields.put(CONFIG_FILE_TO_PATH + "." + m + "." + field, f.get(field));
                    }
                }
            });
        }
        return fields;
    }

    private static void checkVolumeFields(String label, VolumeType type, Map<String, String> fields) {
        for (String required : type.required()) {
            if (!fields.containsKey(type.name() + "." + required)) {
                throw ApiException.missing(label + type.name() + "." + required);
            }
        }
        String diskSize = fields.get("DiskVolume.DiskSize");
        if (diskSize != null && !isPositiveInt(diskSize)) {
            throw ApiException.invalid(label + "DiskVolume.DiskSize", "It must be a positive integer (GiB).");
        }
        String options = fields.get("FlexVolume.Options");
        if (options != null && !JsonText.isObject(options)) {
            throw ApiException.invalid(label + "FlexVolume.Options", "It must be a JSON object.");
        }
    }

    private static boolean isPositiveInt(String text) {
        try {
            return Integer.parseInt(text) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Every {@code VolumeMount.N.Name} of the containers names a volume of the request. */
    private static void requireMountedVolumes(Params p, String prefix, Set<String> volumeNames) {
        p.indexed(prefix).forEach((n, c) -> c.indexed("VolumeMount").forEach((m, mount) -> {
            String name = mount.get("Name");
            if (name != null && !volumeNames.contains(name)) {
                throw ApiException.invalid(prefix + "." + n + ".VolumeMount." + m + ".Name",
                        "The volume " + name + " is not defined in Volume.");
            }
        }));
    }

    /** The config file volumes' files as sent: "volume/path" -> base64 content. */
    private static Map<String, String> configFiles(Params p) {
        Map<String, String> configFiles = new LinkedHashMap<>();
        p.indexed("Volume").values().stream().filter(v -> "ConfigFileVolume".equals(v.get("Type")))
                .forEach(v -> v.indexed(CONFIG_FILE_TO_PATH).forEach((m, f) -> {
                    if (f.get("Path") != null && f.get("Content") != null) {
                        configFiles.put(v.get("Name") + "/" + f.get("Path"), f.get("Content"));
                    }
                }));
        return configFiles;
    }

    private static List<CreateRequest.ContainerSpec> containers(Params p, String prefix, boolean required) {
        var groups = p.indexed(prefix);
        if (groups.isEmpty() && required) {
            throw ApiException.missing(prefix);
        }
        if (groups.size() > MAX_CONTAINERS) {
            throw ApiException.invalid(prefix, "At most " + MAX_CONTAINERS + " containers are allowed.");
        }
        List<CreateRequest.ContainerSpec> out = new ArrayList<>();
        groups.forEach((n, c) -> {
            String cname = c.get("Name");
            if (cname == null) {
                throw ApiException.missing(prefix + "." + n + ".Name");
            }
            String image = c.get("Image");
            if (image == null) {
                throw ApiException.missing(prefix + "." + n + ".Image");
            }
            out.add(new CreateRequest.ContainerSpec(cname, image, number(c, "Cpu", prefix + "." + n + ".Cpu"),
                    number(c, "Memory", prefix + "." + n + ".Memory"), (int) number(c, "Gpu", prefix + "." + n + ".Gpu"),
                    list(c, "Command"), list(c, "Arg")));
        });
        return out;
    }

    /** The values of {@code key.1}, {@code key.2}, ... in order. */
    private static List<String> list(Params p, String key) {
        List<String> out = new ArrayList<>();
        p.indexed(key).forEach((i, v) -> out.add(v.get("")));
        return out;
    }

    private static double number(Params p, String key, String label) {
        String v = p.get(key);
        if (v == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(label, "It must be a non-negative number.");
        }
    }

    /** The request's {@code Tag.N.Key/Value}, checked as the cloud checks them. */
    public static List<Instance.Tag> tags(Params p) {
        var groups = p.indexed("Tag");
        if (groups.size() > MAX_TAGS) {
            throw ApiException.invalid("Tag", "At most " + MAX_TAGS + " tags are allowed.");
        }
        List<Instance.Tag> out = new ArrayList<>();
        groups.forEach((n, t) -> {
            String key = t.get("Key");
            if (key == null) {
                throw ApiException.missing("Tag." + n + ".Key");
            }
            String value = t.getOrDefault("Value", "");
            if (key.length() > 64 || key.startsWith("acs:") || key.startsWith("aliyun")) {
                throw ApiException.invalid("Tag.Key", "A key is at most 64 characters and may not start with acs: or aliyun.");
            }
            if (value.length() > 128 || value.startsWith("acs:") || value.startsWith("aliyun")) {
                throw ApiException.invalid("Tag.Value", "A value is at most 128 characters and may not start with acs: or aliyun.");
            }
            out.add(new Instance.Tag(key, value));
        });
        return out;
    }

    private List<CreateRequest.Candidate> candidates(Params p, List<CreateRequest.ContainerSpec> containers, boolean acs) {
        SpecTable table = acs ? acsSpecs : eciSpecs;
        String types = p.get("InstanceType");
        if (types != null) {
            List<String> list = Arrays.stream(types.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (list.size() > MAX_INSTANCE_TYPES) {
                throw ApiException.invalid("InstanceType", "At most " + MAX_INSTANCE_TYPES + " instance types are allowed.");
            }
            List<CreateRequest.Candidate> out = new ArrayList<>();
            for (String t : list) {
                out.add(instanceTypeCandidate(t, table));
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        String cpuText = p.get("Cpu");
        String memText = p.get("Memory");
        if (cpuText != null || memText != null) {
            if (cpuText == null || memText == null) {
                throw specError(cpuText, memText);
            }
            double cpu = number(p, "Cpu", "Cpu");
            double mem = number(p, "Memory", "Memory");
            if (!table.contains(cpu, mem)) {
                throw specError(cpuText, memText);
            }
            return List.of(new CreateRequest.Candidate(new Spec(cpu, mem), null));
        }
        double cpu = containers.stream().mapToDouble(CreateRequest.ContainerSpec::cpu).sum();
        double mem = containers.stream().mapToDouble(CreateRequest.ContainerSpec::memory).sum();
        if (cpu == 0 && mem == 0) {
            return List.of(new CreateRequest.Candidate(new Spec(2, 4), null));
        }
        Spec spec = table.roundUp(cpu, mem).orElseThrow(() -> specError(Spec.format(cpu), Spec.format(mem)));
        return List.of(new CreateRequest.Candidate(spec, null));
    }

    private static ApiException specError(String cpu, String mem) {
        return new ApiException(400, "InvalidParameter.Spec",
                "The specified Cpu " + cpu + " and Memory " + mem + " are not a supported specification.");
    }

    /** {@code ecs.<family>.<N?size>}: size small/medium 1 vCPU, large 2, xlarge 4, Nxlarge 4N; memory per vCPU by family. */
    static CreateRequest.Candidate instanceTypeCandidate(String type, SpecTable table) {
        Matcher m = INSTANCE_TYPE.matcher(type);
        if (!m.matches()) {
            throw ApiException.invalid("InstanceType", "Unknown instance type " + type + ".");
        }
        String family = m.group(1);
        String size = m.group(3);
        int factor = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
        double cpu = switch (size) {
            case "small", "medium" -> 1;
            case "large" -> 2;
            default -> 4.0 * factor;
        };
        double perCpu = family.startsWith("c") ? 2 : family.startsWith("r") ? 8 : 4;
        return new CreateRequest.Candidate(new Spec(cpu, cpu * perCpu), type);
    }

    private List<CreateRequest.Placement> placements(Params p) {
        String vsw = p.get("VSwitchId");
        String zone = p.get("ZoneId");
        if (zone != null && !zones.contains(zone)) {
            throw ApiException.invalid("ZoneId", "Zone " + zone + " is not in " + zones + ".");
        }
        List<CreateRequest.Placement> out = new ArrayList<>();
        if (vsw != null) {
            List<String> ids = Arrays.stream(vsw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (ids.size() > MAX_VSWITCHES) {
                throw ApiException.invalid("VSwitchId", "At most " + MAX_VSWITCHES + " vSwitches are allowed.");
            }
            for (String id : ids) {
                String z = zoneOf(id);
                if (zone == null || zone.equals(z)) {
                    out.add(new CreateRequest.Placement(id, z));
                }
            }
            if (out.isEmpty()) {
                throw ApiException.invalid("VSwitchId", "No vSwitch is in zone " + zone + ".");
            }
            return out;
        }
        if (zone != null) {
            return List.of(new CreateRequest.Placement(null, zone));
        }
        for (String z : zones) {
            out.add(new CreateRequest.Placement(null, z));
        }
        return out;
    }

    public String zoneOf(String vSwitchId) {
        String z = vSwitchZones.get(vSwitchId);
        return z != null ? z : zones.get(Math.floorMod(vSwitchId.hashCode(), zones.size()));
    }
}
