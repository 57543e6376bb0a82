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
     * __ECI_RESOURCE_IGNORE__=TRUE), raised to the largest init container; NaN = nothing declared.
     */
    private record Totals(Resources[] perContainer, double cpu, boolean cpuDeclared, double mem, boolean memDeclared,
                          int gpu, double eph) {
    }

    private static Totals totals(List<Container> containers, List<Container> inits, boolean skipEciIgnored) {
        Resources[] rs = new Resources[containers.size()];
        double cpu = 0;
        double mem = 0;
        int gpu = 0;
        double eph = 0;
        boolean cpuDeclared = false;
        boolean memDeclared = false;
        for (int i = 0; i < rs.length; i++) {
            Container c = containers.get(i);
            Resources r = resources(c);
            rs[i] = r;
            gpu += r.gpu();
            eph += nz(r.ephemeralGiB());
            if (skipEciIgnored && ignoredByEci(c)) {
                continue;
            }
            if (!Double.isNaN(r.cpu())) {
                cpu += r.cpu();
                cpuDeclared = true;
            }
            if (!Double.isNaN(r.memoryGiB())) {
                mem += r.memoryGiB();
                memDeclared = true;
            }
        }
        for (Container c : inits) {
            Resources r = resources(c);
            gpu = Math.max(gpu, r.gpu());
            eph = Math.max(eph, nz(r.ephemeralGiB()));
            if (!Double.isNaN(r.cpu())) {
                cpu = Math.max(cpu, r.cpu());
                cpuDeclared = true;
            }
            if (!Double.isNaN(r.memoryGiB())) {
                mem = Math.max(mem, r.memoryGiB());
                memDeclared = true;
            }
        }
        return new Totals(rs, cpu, cpuDeclared, mem, memDeclared, gpu, eph);
    }

    /** Sizes an ECI pod. */
    static Sizing eci(List<Container> containers, List<Container> inits, Map<String, String> annotations,
                      TranslationContext ctx, List<String> notes) {
        Totals t = totals(containers, inits, true);
        Resources[] rs = t.perContainer();
        double cpu = t.cpu();
        double mem = t.mem();
        int gpu = t.gpu();
        double eph = t.eph();
        boolean cpuDeclared = t.cpuDeclared();
        boolean memDeclared = t.memDeclared();
        Integer gpuOrNull = gpu > 0 ? gpu : null;
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
            specs = List.of(roundUp(ctx.eciSpecs(), "ECI", cpu, cpuDeclared, mem, memDeclared, null, ctx));
        }
        Double[] ccpu = new Double[rs.length];
        Double[] cmem = new Double[rs.length];
        Integer[] cgpu = new Integer[rs.length];
        for (int i = 0; i < rs.length; i++) {
            ccpu[i] = Double.isNaN(rs[i].cpu()) ? null : round3(rs[i].cpu());
            cmem[i] = Double.isNaN(rs[i].memoryGiB()) ? null : round3(rs[i].memoryGiB());
            cgpu[i] = rs[i].gpu() > 0 ? rs[i].gpu() : null;
        }
        if (gpuOrNull != null && specs.size() == 1 && specs.get(0).hasInstanceType()) {
            specs = List.of(new InstanceSpec(specs.get(0).name(), null, null, gpuOrNull, specs.get(0).instanceType()));
        }
        return new Sizing(specs, ccpu, cmem, cgpu, ephemeral(eph, annotations));
    }

    /** Sizes an ACS pod. */
    static Sizing acs(List<Container> containers, List<Container> inits, Map<String, String> annotations,
                      TranslationContext ctx, List<String> notes) {
        Totals t = totals(containers, inits, false);
        Resources[] rs = t.perContainer();
        double cpu = t.cpu();
        double mem = t.mem();
        int gpu = t.gpu();
        double eph = t.eph();
        boolean cpuDeclared = t.cpuDeclared();
        boolean memDeclared = t.memDeclared();
        Integer gpuOrNull = gpu > 0 ? gpu : null;
        if (annotations.containsKey(Keys.ECI_USE_SPECS)) {
            notes.add(Keys.ECI_USE_SPECS + " is an ECI annotation and is ignored for ACS pods; use "
                    + ACS_REQUIRED_SPEC + " to force an ACS spec");
        }
        InstanceSpec spec;
        String required = annotations.get(ACS_REQUIRED_SPEC);
        if (required != null) {
            double[] cm = SpecTable.parseCpuMemory(required);
            if (cm == null || !ctx.acsSpecs().contains(cm[0], cm[1])) {
                throw new Reject(RejectionReason.INVALID_POD, ACS_REQUIRED_SPEC + " '" + required + "' is not an ACS"
                        + " spec: write <vCPU>-<memory>Gi from the ACS table, e.g. 2-4Gi or 2.5-5Gi");
            }
            if (cm[0] + 1e-9 < cpu || cm[1] + 1e-9 < mem) {
                throw new Reject(RejectionReason.NO_SPEC_FITS, ACS_REQUIRED_SPEC + " '" + required
                        + "' is smaller than what the containers declare (" + InstanceSpec.ofCpuMemory(round3(cpu),
                        round3(mem), null).name() + "): raise it or lower the requests/limits");
            }
            spec = InstanceSpec.ofCpuMemory(cm[0], cm[1], gpuOrNull);
        } else {
            spec = roundUp(ctx.acsSpecs(), "ACS", cpu, cpuDeclared, mem, memDeclared, gpuOrNull, ctx);
        }
        Double[] ccpu = new Double[rs.length];
        Double[] cmem = new Double[rs.length];
        Integer[] cgpu = new Integer[rs.length];
        double otherCpu = 0;
        double otherMem = 0;
        for (int i = 0; i < rs.length; i++) {
            ccpu[i] = Double.isNaN(rs[i].cpu()) ? null : round3(rs[i].cpu());
            cmem[i] = Double.isNaN(rs[i].memoryGiB()) ? null : round3(rs[i].memoryGiB());
            cgpu[i] = rs[i].gpu() > 0 ? rs[i].gpu() : null;
            if (i > 0) {
                otherCpu += ccpu[i] == null ? 0 : ccpu[i];
                otherMem += cmem[i] == null ? 0 : cmem[i];
            }
        }
        if (rs.length > 0) {
            ccpu[0] = round3(Math.max(0, spec.cpu() - otherCpu));
            cmem[0] = round3(Math.max(0, spec.memoryGiB() - otherMem));
        }
        return new Sizing(List.of(spec), ccpu, cmem, cgpu, ephemeral(eph, annotations));
    }

    private static InstanceSpec roundUp(SpecTable table, String product, double cpu, boolean cpuDeclared,
                                        double mem, boolean memDeclared, Integer gpu, TranslationContext ctx) {
        if (!cpuDeclared && !memDeclared) {
            cpu = ctx.defaultCpu();
            mem = ctx.defaultMemoryGiB();
        } else if (!memDeclared) {
            mem = cpu * ctx.memoryGiBPerCpu();
        }
        InstanceSpec spec = table.roundUp(cpu, mem, gpu);
        if (spec == null) {
            throw new Reject(RejectionReason.NO_SPEC_FITS, "no " + product + " spec offers " + fmt(cpu) + " vCPU and "
                    + fmt(mem) + " GiB (the largest is " + table.largest() + "): lower the containers' requests/limits"
                    + " or split the pod");
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
                double[] cm = SpecTable.parseCpuMemory(p);
                if (cm == null) {
                    throw new Reject(RejectionReason.INVALID_USE_SPECS, Keys.ECI_USE_SPECS + " '" + value
                            + "': '" + p + "' is neither <vCPU>-<memory>Gi (e.g. 2-4Gi, 0.5-1Gi) nor an ECS instance"
                            + " type (e.g. ecs.c6.xlarge); separate specs with commas");
                }
                spec = table.roundUp(cm[0], cm[1], null);
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

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static double round3(double v) {
        return Math.ceil(v * 1000 - 1e-6) / 1000;
    }

    static String fmt(double v) {
        return InstanceSpec.ofCpuMemory(v, 1, null).name().replace("-1Gi", "");
    }
}
