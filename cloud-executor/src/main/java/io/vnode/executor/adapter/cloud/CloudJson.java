package io.vnode.executor.adapter.cloud;

import io.vnode.contracts.instance.CloudEvent;
import io.vnode.contracts.instance.ContainerState;
import io.vnode.contracts.instance.ContainerStatus;
import io.vnode.executor.app.CloudInstances;
import io.vnode.executor.domain.CloudInstance;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reads the JSON of DescribeContainerGroups (ContainerGroups[]) into {@link CloudInstance}s, leniently. */
final class CloudJson {

    private static final DateTimeFormatter NO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmX");

    private CloudJson() {
    }

    static CloudInstance instance(JsonNode g, String regionId) {
        Map<String, String> tags = new HashMap<>();
        for (JsonNode t : g.path("Tags")) {
            String k = text(t, "Key");
            if (k != null) {
                tags.put(k, text(t, "Value") == null ? "" : text(t, "Value"));
            }
        }
        List<CloudEvent> events = new ArrayList<>();
        for (JsonNode e : g.path("Events")) {
            String type = text(e, "Type");
            events.add(new CloudEvent(type == null ? "Normal" : type, text(e, "Reason"), text(e, "Message"),
                    e.path("Count").asInt(1), time(e, "FirstTimestamp"), time(e, "LastTimestamp")));
        }
        String region = text(g, "RegionId");
        return new CloudInstance(text(g, "ContainerGroupId"), text(g, "ContainerGroupName"),
                region == null ? regionId : region, text(g, "ZoneId"), text(g, "Status"), number(g, "Cpu"),
                number(g, "Memory"), text(g, "InstanceType"), text(g, "IntranetIp"), text(g, "Ipv6Address"), tags,
                containers(g.path("Containers")), containers(g.path("InitContainers")), events,
                time(g, "CreationTime"), time(g, "SucceededTime"), time(g, "FailedTime"), time(g, "ExpiredTime"));
    }

    private static List<ContainerStatus> containers(JsonNode array) {
        List<ContainerStatus> list = new ArrayList<>();
        for (JsonNode c : array) {
            list.add(new ContainerStatus(text(c, "Name"), text(c, "Image"), null, null, c.path("Ready").asBoolean(false),
                    c.path("RestartCount").asInt(0), state(c.path("CurrentState")), state(c.path("PreviousState"))));
        }
        return list;
    }

    private static ContainerState state(JsonNode s) {
        String state = text(s, "State");
        if (state == null || state.isEmpty()) {
            return null;
        }
        return new ContainerState(state, text(s, "Reason"), text(s, "Message"), integer(s, "ExitCode"),
                integer(s, "Signal"), time(s, "StartTime"), time(s, "FinishTime"));
    }

    /** The files of the group's ConfigFileVolumes by volume name (Path, Content, Mode). */
    static Map<String, List<CloudInstances.ConfigFile>> configFiles(JsonNode g) {
        Map<String, List<CloudInstances.ConfigFile>> volumes = new LinkedHashMap<>();
        for (JsonNode v : g.path("Volumes")) {
            if (!"ConfigFileVolume".equals(text(v, "Type")) || text(v, "Name") == null) {
                continue;
            }
            List<CloudInstances.ConfigFile> files = new ArrayList<>();
            for (JsonNode f : v.path("ConfigFileVolumeConfigFileToPaths")) {
                String path = text(f, "Path");
                if (path != null) {
                    Integer mode = integer(f, "Mode");
                    files.add(new CloudInstances.ConfigFile(path, text(f, "Content"), mode == null ? null : mode.toString()));
                }
            }
            volumes.put(text(v, "Name"), List.copyOf(files));
        }
        return volumes;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asDouble();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.asString().isEmpty() ? null : v.asInt();
    }

    static Instant time(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s, NO_SECONDS).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
