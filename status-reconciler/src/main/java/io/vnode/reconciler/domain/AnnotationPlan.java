package io.vnode.reconciler.domain;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceCreated;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.instance.InstanceStatusChanged;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The annotations the pod carries once its instance exists, as {@code kubectl describe} shows them
 * on ECI and ACS pods. Null values are left out (a key is never removed).
 */
public final class AnnotationPlan {

    public static final String DONE = "done";
    public static final String FINISHED = "finished";
    public static final String SERVERLESS = "serverless";
    public static final String STREAM_PORT = "10250";
    public static final int DEFAULT_EPHEMERAL_STORAGE_GIB = 30;

    private AnnotationPlan() {
    }

    /** After the create call: ids, spec, client token, request id, zone (and for ACS the fixed keys). */
    public static Map<String, String> forCreated(InstanceCreated c) {
        Map<String, String> a = new LinkedHashMap<>();
        if (c.computeType() == ComputeType.ACS) {
            put(a, Keys.ACS_INSTANCE_ID, c.instanceId());
            put(a, Keys.ACS_POD_USE_SPEC, specName(c.spec()));
            put(a, Keys.ACS_POD_EPHEMERAL_STORAGE,
                    (c.ephemeralStorageGiB() > 0 ? c.ephemeralStorageGiB() : DEFAULT_EPHEMERAL_STORAGE_GIB) + "Gi");
            put(a, Keys.ACS_CLIENT_TOKEN, c.clientToken());
            put(a, Keys.ACS_REQUEST_ID, c.requestId());
            acsFixed(a, c.regionId(), c.zoneId());
        } else {
            put(a, Keys.ECI_INSTANCE_ID, c.instanceId());
            put(a, Keys.ECI_INSTANCE_SPEC, specName(c.spec()));
            put(a, Keys.ECI_CLIENT_TOKEN, c.clientToken());
            put(a, Keys.ECI_REQUEST_ID, c.requestId());
            put(a, Keys.ECI_INSTANCE_ZONE, c.zoneId());
        }
        put(a, Keys.PROVIDER_CREATE, DONE);
        put(a, ReconcilerKeys.BILLING_SPEC, specJson(c.spec()));
        return a;
    }

    /**
     * From a status change (self-contained, so a pod whose InstanceCreated was missed still gets its
     * instance id, spec and zone; the client token and request id only come with InstanceCreated).
     */
    public static Map<String, String> forStatus(InstanceStatusChanged s) {
        Map<String, String> a = new LinkedHashMap<>();
        if (s.computeType() == ComputeType.ACS) {
            put(a, Keys.ACS_INSTANCE_ID, s.instanceId());
            put(a, Keys.ACS_POD_USE_SPEC, specName(s.spec()));
            acsFixed(a, s.regionId(), s.zoneId());
        } else {
            put(a, Keys.ECI_INSTANCE_ID, s.instanceId());
            put(a, Keys.ECI_INSTANCE_SPEC, specName(s.spec()));
            put(a, Keys.ECI_INSTANCE_ZONE, s.zoneId());
        }
        put(a, Keys.PROVIDER_CREATE, DONE);
        put(a, ReconcilerKeys.BILLING_SPEC, specJson(s.spec()));
        return a;
    }

    /** The instance id recorded on the pod (ACS or ECI key), or null. */
    public static String instanceId(Map<String, String> annotations) {
        return Keys.instanceIdOf(annotations);
    }

    /** The compute type recorded on the pod: ACS when it carries an ACS instance id, else ECI. */
    public static ComputeType computeType(Map<String, String> annotations) {
        return annotations.containsKey(Keys.ACS_INSTANCE_ID) ? ComputeType.ACS : ComputeType.ECI;
    }

    /** The billed spec recorded on the pod (JSON of our own key, else the spec name annotation), or null. */
    public static InstanceSpec billedSpec(Map<String, String> annotations) {
        String json = annotations.get(ReconcilerKeys.BILLING_SPEC);
        if (json != null) {
            java.util.Optional<InstanceSpec> recorded = EventCodec.valueFromJson(json, InstanceSpec.class);
            if (recorded.isPresent()) {
                return recorded.get();
            }
        }
        String name = annotations.getOrDefault(Keys.ACS_POD_USE_SPEC, annotations.get(Keys.ECI_INSTANCE_SPEC));
        return name == null ? null : parseSpecName(name);
    }

    /** "2-4Gi" -> 2 vCPU 4 GiB; anything else (an ECS type) -> an instance-type spec. */
    static InstanceSpec parseSpecName(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([0-9.]+)-([0-9.]+)Gi$").matcher(name.trim());
        if (m.matches()) {
            return InstanceSpec.ofCpuMemory(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), null);
        }
        return InstanceSpec.ofInstanceType(name.trim());
    }

    private static void acsFixed(Map<String, String> a, String region, String zone) {
        put(a, Keys.ACS_SCHEDULE_RESULT, FINISHED);
        put(a, Keys.RESOURCE_TYPE, SERVERLESS);
        put(a, Keys.POD_STREAM_PORT, STREAM_PORT);
        put(a, Keys.TOPOLOGY_REGION, region);
        put(a, Keys.TOPOLOGY_ZONE, zone);
    }

    private static String specName(InstanceSpec spec) {
        return spec == null ? null : spec.name();
    }

    private static String specJson(InstanceSpec spec) {
        return spec == null ? null : EventCodec.valueToJson(spec);
    }

    private static void put(Map<String, String> a, String key, String value) {
        if (value != null && !value.isBlank()) {
            a.put(key, value);
        }
    }
}
