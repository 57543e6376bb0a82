package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.pod.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sizing a pod: the candidate specs (1 to 5, in priority order) and each container's resources.
 *
 * <ul>
 *   <li>A container's resource is the larger of its request and limit (a limit alone counts, as
 *       Kubernetes defaults the request to it).</li>
 *   <li>The pod needs max(sum over containers, max over init containers), per resource.</li>
 *   <li>ECI leaves out containers with env {@code __ECI_RESOURCE_IGNORE__=TRUE} (sidecars) and
 *       rounds up in its (per-region) table; ACS counts every container, rounds up in its
 *       fine-grained table and gives what rounding adds to the first container.</li>
 *   <li>Nothing declared: the default (2 vCPU, 4 GiB). Only vCPU declared: memory = vCPU x the
 *       default memory per vCPU (2 GiB, the ratio of the 2-4Gi default). Only memory: the smallest
 *       vCPU row that offers it.</li>
 *   <li>{@code k8s.aliyun.com/eci-use-specs} (ECI) lists vCPU-memory specs ({@code 2-4Gi}, rounded
 *       up in the table) and ECS types ({@code ecs.gn5-c4g1.xlarge}), at most 5, tried in order.
 *       {@code alibabacloud.com/pod-required-spec} (ACS) forces one table spec.</li>
 *   <li>nvidia.com/gpu counts. ECI sizes GPUs only by ECS instance types (vCPU-memory specs carry no
 *       GPU), so a GPU pod on ECI needs an ECS type in eci-use-specs.</li>
 *   <li>Ephemeral storage above the default 30 GiB becomes EphemeralStorage (the extra GiB), as does
 *       {@code k8s.aliyun.com/eci-extra-ephemeral-storage}.</li>
 * </ul>
 */
public final class SpecRounding {

    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    public static final String ACS_REQUIRED_SPEC = "alibabacloud.com/pod-required-spec";
    public static final String ECI_EXTRA_EPHEMERAL_STORAGE = "k8s.aliyun.com/eci-extra-ephemeral-storage";
    public static final int MAX_USE_SPECS = 5;
    public static final double DEFAULT_EPHEMERAL_GIB = 30.0;

    private SpecRounding() {
    }

    /**
     * The result.
     *
     * @param specs candidates in priority order
     * @param containerCpu per container (same order as the pod's containers); null where undeclared
     * @param containerMemoryGiB per container; null where undeclared
     * @param containerGpu per container; null where none
     * @param ephemeralStorageGiB extra GiB above 30, or null
     */
    public record Sizing(List<InstanceSpec> specs, Double[] containerCpu, Double[] containerMemoryGiB,
                         Integer[] containerGpu, Integer ephemeralStorageGiB) {
    }

    /** One container's resources (NaN: not declared). */
    record Resources(double cpu, double memoryGiB, int gpu, double ephemeralGiB) {
    }

    static Resources resources(Container c) {
        ResourceRequirements r = c.getResources();
        if (r == null) {
            return new Resources(Double.NaN, Double.NaN, 0, Double.NaN);
        }
        Map<String, Quantity> req = r.getRequests();
        Map<String, Quantity> lim = r.getLimits();
        double cpu = larger(req, lim, "cpu", 1);
        double mem = larger(req, lim, "memory", Quantities.GIB);
        double gpu = larger(req, lim, GPU_RESOURCE, 1);
        double eph = larger(req, lim, "ephemeral-storage", Quantities.GIB);
        return new Resources(cpu, mem, Double.isNaN(gpu) ? 0 : (int) Math.ceil(gpu - 1e-9), eph);
    }

    private static double larger(Map<String, Quantity> req, Map<String, Quantity> lim, String name, double unit) {
        double a = req == null ? Double.NaN : Quantities.value(req.get(name));
        double b = lim == null ? Double.NaN : Quantities.value(lim.get(name));
        double v = Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
        return Double.isNaN(v) ? v : v / unit;
    }

    static boolean ignoredByEci(Container c) {
        List<EnvVar> env = c.getEnv();
        if (env == null) {
            return false;
        }
        for (EnvVar e : env) {
            if (Keys.ECI_RESOURCE_IGNORE_ENV.equals(e.getName()) && "TRUE".equalsIgnoreCase(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the containers declare: the sum over containers (ECI skips those marked
     * __ECI_RESOURCE_IGNORE__=TRUE), raised to the largest init container; cpuDeclared and
     * memoryDeclared say whether any container declares the resource.
     */
    private record Totals(Resources[] perContainer, double cpu, boolean cpuDeclared, double memoryGiB,
                          boolean memoryDeclared, int gpu, double ephemeralGiB) {
    }

    private static Totals totals(List<Container> containers, List<Container> inits, boolean skipEciIgnored) {
        Resources[] perContainer = new Resources[containers.size()];
        double cpu = 0;
        double memoryGiB = 0;
        int gpu = 0;
        double ephemeralGiB = 0;
        boolean cpuDeclared = false;
        boolean memoryDeclared = false;
        for (int i = 0; i < perContainer.length; i++) {
            Container c = containers.get(i);
            Resources r = resources(c);
            perContainer[i] = r;
            gpu += r.gpu();
            ephemeralGiB += zeroIfNaN(r.ephemeralGiB());
            if (skipEciIgnored && ignoredByEci(c)) {
                continue;
            }
            if (!Double.isNaN(r.cpu())) {
                cpu += r.cpu();
                cpuDeclared = true;
            }
            if (!Double.isNaN(r.memoryGiB())) {
                memoryGiB += r.memoryGiB();
                memoryDeclared = true;
            }
        }
        for (Container c : inits) {
            Resources r = resources(c);
            gpu = Math.max(gpu, r.gpu());
            ephemeralGiB = Math.max(ephemeralGiB, zeroIfNaN(r.ephemeralGiB()));
            if (!Double.isNaN(r.cpu())) {
                cpu = Math.max(cpu, r.cpu());
                cpuDeclared = true;
            }
            if (!Double.isNaN(r.memoryGiB())) {
                memoryGiB = Math.max(memoryGiB, r.memoryGiB());
                memoryDeclared = true;
            }
        }
        return new Totals(perContainer, cpu, cpuDeclared, memoryGiB, memoryDeclared, gpu, ephemeralGiB);
    }

    /** Each container's declared resources, rounded up to 3 decimals; null where undeclared or none. */
    private record Declared(Double[] cpu, Double[] memoryGiB, Integer[] gpu) {

        static Declared of(Resources[] perContainer) {
            Declared declared = new Declared(new Double[perContainer.length], new Double[perContainer.length],
                    new Integer[perContainer.length]);
            for (int i = 0; i < perContainer.length; i++) {
                Resources r = perContainer[i];
                declared.cpu()[i] = Double.isNaN(r.cpu()) ? null : round3(r.cpu());
                declared.memoryGiB()[i] = Double.isNaN(r.memoryGiB()) ? null : round3(r.memoryGiB());
                declared.gpu()[i] = r.gpu() > 0 ? r.gpu() : null;
            }
            return declared;
        }
    }

    /** Sizes an ECI pod. */
    static Sizing eci(List<Container> containers, List<Container> inits, Map<String, String> annotations,
                      TranslationContext ctx, List<String> notes) {
        Totals totals = totals(containers, inits, true);
        int gpu = totals.gpu();
        List<InstanceSpec> specs;
        String useSpecs = annotations.get(Keys.ECI_USE_SPECS);
        if (useSpecs != null) {
            specs = parseUseSpecs(useSpecs, ctx.eciSpecs(), notes);
            if (gpu > 0 && specs.stream().noneMatch(InstanceSpec::hasInstanceType)) {
                throw new Reject(RejectionReason.NO_SPEC_FITS, "the pod asks for " + gpu + " nvidia.com/gpu but "
                        + Keys.ECI_USE_SPECS + " '" + useSpecs + "' names no ECS GPU instance type; ECI sizes GPUs only"
                        + " by instance type: set e.g. " + Keys.ECI_USE_SPECS + ": ecs.gn6i-c4g1.xlarge");
            }
        } else {
            if (gpu > 0) {
                throw new Reject(RejectionReason.NO_SPEC_FITS, "the pod asks for " + gpu + " nvidia.com/gpu, and ECI"
                        + " sizes GPU instances only by ECS instance type: add the annotation " + Keys.ECI_USE_SPECS
                        + " with a GPU type such as ecs.gn6i-c4g1.xlarge (or run it on ACS with the label "
                        + Keys.LABEL_COMPUTE_CLASS + ": gpu)");
            }
            specs = List.of(roundUp(ctx.eciSpecs(), "ECI", totals, null, ctx));
        }
        Declared declared = Declared.of(totals.perContainer());
        if (gpu > 0 && specs.size() == 1 && specs.get(0).hasInstanceType()) {
            specs = List.of(new InstanceSpec(specs.get(0).name(), null, null, gpu, specs.get(0).instanceType()));
        }
        return new Sizing(specs, declared.cpu(), declared.memoryGiB(), declared.gpu(),
                ephemeral(totals.ephemeralGiB(), annotations));
    }

    /** Sizes an ACS pod. */
    static Sizing acs(List<Container> containers, List<Container> inits, Map<String, String> annotations,
                      TranslationContext ctx, List<String> notes) {
        Totals totals = totals(containers, inits, false);
        if (annotations.containsKey(Keys.ECI_USE_SPECS)) {
            notes.add(Keys.ECI_USE_SPECS + " is an ECI annotation and is ignored for ACS pods; use "
                    + ACS_REQUIRED_SPEC + " to force an ACS spec");
        }
        Integer gpu = totals.gpu() > 0 ? totals.gpu() : null;
        String required = annotations.get(ACS_REQUIRED_SPEC);
        InstanceSpec spec = required != null
                ? requiredAcsSpec(required, totals, gpu, ctx)
                : roundUp(ctx.acsSpecs(), "ACS", totals, gpu, ctx);
        Declared declared = Declared.of(totals.perContainer());
        double otherCpu = 0;
        double otherMemoryGiB = 0;
        for (int i = 1; i < containers.size(); i++) {
            otherCpu += declared.cpu()[i] == null ? 0 : declared.cpu()[i];
            otherMemoryGiB += declared.memoryGiB()[i] == null ? 0 : declared.memoryGiB()[i];
        }
        if (!containers.isEmpty()) {
            declared.cpu()[0] = round3(Math.max(0, spec.cpu() - otherCpu));
            declared.memoryGiB()[0] = round3(Math.max(0, spec.memoryGiB() - otherMemoryGiB));
        }
        return new Sizing(List.of(spec), declared.cpu(), declared.memoryGiB(), declared.gpu(),
                ephemeral(totals.ephemeralGiB(), annotations));
    }

    /** The spec alibabacloud.com/pod-required-spec forces: one of the ACS table, at least what the containers declare. */
    private static InstanceSpec requiredAcsSpec(String required, Totals totals, Integer gpu, TranslationContext ctx) {
        double[] cpuMemory = SpecTable.parseCpuMemory(required);
        if (cpuMemory == null || !ctx.acsSpecs().contains(cpuMemory[0], cpuMemory[1])) {
            throw new Reject(RejectionReason.INVALID_POD, ACS_REQUIRED_SPEC + " '" + required + "' is not an ACS"
                    + " spec: write <vCPU>-<memory>Gi from the ACS table, e.g. 2-4Gi or 2.5-5Gi");
        }
        if (cpuMemory[0] + 1e-9 < totals.cpu() || cpuMemory[1] + 1e-9 < totals.memoryGiB()) {
            throw new Reject(RejectionReason.NO_SPEC_FITS, ACS_REQUIRED_SPEC + " '" + required
                    + "' is smaller than what the containers declare (" + InstanceSpec.ofCpuMemory(round3(totals.cpu()),
                    round3(totals.memoryGiB()), null).name() + "): raise it or lower the requests/limits");
        }
        return InstanceSpec.ofCpuMemory(cpuMemory[0], cpuMemory[1], gpu);
    }

    /**
     * The smallest spec of the table for what the containers declare: the default size when they
     * declare nothing, the default memory per vCPU when they declare only vCPU.
     */
    private static InstanceSpec roundUp(SpecTable table, String product, Totals totals, Integer gpu,
                                        TranslationContext ctx) {
        double cpu = totals.cpu();
        double memoryGiB = totals.memoryGiB();
        if (!totals.cpuDeclared() && !totals.memoryDeclared()) {
            cpu = ctx.defaultCpu();
            memoryGiB = ctx.defaultMemoryGiB();
        } else if (!totals.memoryDeclared()) {
            memoryGiB = cpu * ctx.memoryGiBPerCpu();
        }
        InstanceSpec spec = table.roundUp(cpu, memoryGiB, gpu);
        if (spec == null) {
            throw new Reject(RejectionReason.NO_SPEC_FITS, "no " + product + " spec offers " + formatNumber(cpu)
                    + " vCPU and " + formatNumber(memoryGiB) + " GiB (the largest is " + table.largest() + "): lower"
                    + " the containers' requests/limits or split the pod");
        }
        return spec;
    }

    /** Parses eci-use-specs into candidates (vCPU-memory rounded up in the table, deduplicated). */
    public static List<InstanceSpec> parseUseSpecs(String value, SpecTable table, List<String> notes) {
        List<String> parts = Strings.splitCommaKeepEmpty(value);
        if (parts.size() > MAX_USE_SPECS) {
            throw new Reject(RejectionReason.TOO_MANY_USE_SPECS, Keys.ECI_USE_SPECS + " lists " + parts.size()
                    + " specs, at most " + MAX_USE_SPECS + " are allowed: keep the 5 you prefer, in order");
        }
        List<InstanceSpec> specs = new ArrayList<>(parts.size());
        for (String p : parts) {
            InstanceSpec spec;
            if (isEcsInstanceType(p)) {
                spec = InstanceSpec.ofInstanceType(p);
            } else {
                double[] cpuMemory = SpecTable.parseCpuMemory(p);
                if (cpuMemory == null) {
                    throw new Reject(RejectionReason.INVALID_USE_SPECS, Keys.ECI_USE_SPECS + " '" + value
                            + "': '" + p + "' is neither <vCPU>-<memory>Gi (e.g. 2-4Gi, 0.5-1Gi) nor an ECS instance"
                            + " type (e.g. ecs.c6.xlarge); separate specs with commas");
                }
                spec = table.roundUp(cpuMemory[0], cpuMemory[1], null);
                if (spec == null) {
                    throw new Reject(RejectionReason.NO_SPEC_FITS, Keys.ECI_USE_SPECS + " '" + p + "' exceeds every"
                            + " ECI spec of this region (the largest is " + table.largest() + ")");
                }
                if (!spec.name().equals(p)) {
                    notes.add(Keys.ECI_USE_SPECS + " '" + p + "' is not an ECI spec; rounded up to " + spec.name());
                }
            }
            if (!specs.contains(spec)) {
                specs.add(spec);
            }
        }
        return List.copyOf(specs);
    }

    /** ecs.&lt;family&gt;.&lt;size&gt;: lowercase letters, digits and '-' in each part. */
    static boolean isEcsInstanceType(String s) {
        if (!s.startsWith("ecs.")) {
            return false;
        }
        int dot = s.indexOf('.', 4);
        if (dot <= 4 || dot == s.length() - 1 || s.indexOf('.', dot + 1) >= 0) {
            return false;
        }
        for (int i = 4; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static Integer ephemeral(double totalGiB, Map<String, String> annotations) {
        int extra = totalGiB > DEFAULT_EPHEMERAL_GIB + 1e-9 ? (int) Math.ceil(totalGiB - DEFAULT_EPHEMERAL_GIB - 1e-9) : 0;
        String annotated = annotations.get(ECI_EXTRA_EPHEMERAL_STORAGE);
        if (annotated != null) {
            double bytes = Quantities.parse(annotated);
            if (Double.isNaN(bytes) || bytes < 0) {
                throw new Reject(RejectionReason.INVALID_POD, ECI_EXTRA_EPHEMERAL_STORAGE + " '" + annotated
                        + "' is not a quantity: write e.g. 50Gi");
            }
            extra = Math.max(extra, (int) Math.ceil(bytes / Quantities.GIB - 1e-9));
        }
        return extra > 0 ? extra : null;
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static double round3(double v) {
        return Math.ceil(v * 1000 - 1e-6) / 1000;
    }

    /** A number as spec names write it (2, 0.5, 1.25). */
    static String formatNumber(double v) {
        return InstanceSpec.ofCpuMemory(v, 1, null).name().replace("-1Gi", "");
    }
}
