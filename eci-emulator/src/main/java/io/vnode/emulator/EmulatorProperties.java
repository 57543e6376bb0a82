package io.vnode.emulator;

import io.vnode.emulator.domain.SpecTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emulator.*} properties of the standalone server; every unset property keeps the
 * {@link EmulatorSettings} default. Rate limits read like {@code 1000/60s}; image behaviours like
 * {@code (?i)cuda.*vectoradd=exit:0:5s} or {@code nginx=forever}; faults like
 * {@code emulator.faults.CreateContainerGroup.unavailable=0.1} or {@code emulator.faults.[*].latency=200ms}
 * (the brackets keep the {@code *} key); no-stock like {@code emulator.no-stock=2-4Gi,cn-hangzhou-j}.
 */
@ConfigurationProperties("emulator")
public record EmulatorProperties(String host, Integer port, String regionId, List<String> zones,
                                 Map<String, String> credentials, Map<String, String> vSwitchZones, String ipCidr,
                                 String timing, Duration scheduling, Duration pending, Duration starting,
                                 Duration terminating, Map<String, String> rateLimits, Boolean unlimited,
                                 List<String> imageBehaviours, Integer maxInstances, Boolean checkSignature,
                                 Long faultSeed, List<String> eciSpecs, List<String> acsSpecs,
                                 Map<String, Fault> faults, List<String> noStock) {

    /**
     * {@code emulator.faults.<Api or [*]>.*}: each probability in [0,1] (unset = 0), latency added to every answer.
     */
    public record Fault(Double throttle, Double unavailable, Double internalError, Double drop, Duration latency) {

        FaultSettings toSettings() {
            return new FaultSettings(p(throttle), p(unavailable), p(internalError), p(drop), latency);
        }

        private static double p(Double v) {
            return v == null ? 0 : v;
        }
    }

    public EmulatorSettings toSettings() {
        EmulatorSettings.Builder b = EmulatorSettings.builder().port(18080);
        if (host != null) b.host(host);
        if (port != null) b.port(port);
        if (regionId != null) b.regionId(regionId);
        if (zones != null && !zones.isEmpty()) b.zones(zones);
        if (credentials != null && !credentials.isEmpty()) b.credentials(credentials);
        if (vSwitchZones != null) b.vSwitchZones(vSwitchZones);
        if (ipCidr != null) b.ipCidr(ipCidr);
        Timing t = "instant".equalsIgnoreCase(timing) ? Timing.instant() : Timing.realistic();
        b.timing(new Timing(scheduling != null ? scheduling : t.scheduling(), pending != null ? pending : t.pending(),
                starting != null ? starting : t.starting(), terminating != null ? terminating : t.terminating()));
        if (Boolean.TRUE.equals(unlimited)) b.unlimited();
        if (rateLimits != null) rateLimits.forEach((api, v) -> b.rateLimit(api, RateLimit.parse(v)));
        if (imageBehaviours != null && !imageBehaviours.isEmpty()) b.imageBehaviours(imageBehaviours.stream()
                .map(EmulatorProperties::behaviour).toList());
        if (maxInstances != null) b.maxInstances(maxInstances);
        if (checkSignature != null) b.checkSignature(checkSignature);
        if (faultSeed != null) b.faultSeed(faultSeed);
        if (eciSpecs != null && !eciSpecs.isEmpty()) b.eciSpecs(SpecTable.parse(eciSpecs));
        if (acsSpecs != null && !acsSpecs.isEmpty()) b.acsSpecs(SpecTable.parse(acsSpecs));
        if (faults != null) faults.forEach((api, f) -> b.fault(api, f.toSettings()));
        if (noStock != null) noStock.stream().map(String::trim).filter(k -> !k.isEmpty()).forEach(b::noStock);
        return b.build();
    }

    /** {@code PATTERN=forever} or {@code PATTERN=exit:CODE:SECONDSs}. */
    static ImageBehaviour behaviour(String text) {
        int eq = text.lastIndexOf('=');
        String pattern = text.substring(0, eq);
        String what = text.substring(eq + 1);
        if (what.equals("forever")) {
            return ImageBehaviour.runForever(pattern, List.of());
        }
        String[] parts = what.split(":");
        Duration after = RateLimit.parse("1/" + parts[2]).window();
        boolean cuda = pattern.toLowerCase().contains("cuda");
        return ImageBehaviour.exit(pattern, Integer.parseInt(parts[1]), after,
                cuda ? ImageBehaviour.CUDA_VECTOR_ADD_LOG : List.of());
    }
}
