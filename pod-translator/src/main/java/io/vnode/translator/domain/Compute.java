package io.vnode.translator.domain;

import io.vnode.contracts.Keys;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.pod.RejectionReason;
import java.util.List;
import java.util.Map;

/**
 * Where a pod runs: ECI, or ACS with its compute class, QoS class and GPU model series.
 *
 * @param type ACS or ECI
 * @param computeClass the ACS compute class; null for ECI
 * @param qos the ACS QoS class; null for ECI
 * @param gpuModelSeries the GPU model series of an ACS gpu or gpu-hpn pod; otherwise null
 */
record Compute(ComputeType type, String computeClass, String qos, String gpuModelSeries) {

    static final Compute ECI = new Compute(ComputeType.ECI, null, null, null);

    boolean acs() {
        return type == ComputeType.ACS;
    }

    /** Decides the compute of a pod from its labels, its namespace's labels and its node selector. */
    static Outcome<Compute> of(Map<String, String> labels, Map<String, String> namespaceLabels,
                               Map<String, String> nodeSelector, List<String> notes) {
        if (!isAcs(labels, namespaceLabels)) {
            return Outcome.decided(ECI);
        }
        return acsClassAndQos(labels)
                .then(acs -> refuseGpuHpnOutsideReservation(acs, nodeSelector))
                .map(acs -> withGpuModelSeries(acs, labels, notes));
    }

    /** ACS: pod label acs=true, or an ACS compute class (unless the pod says eci=true), or namespace label acs=true. */
    static boolean isAcs(Map<String, String> labels, Map<String, String> namespaceLabels) {
        if ("true".equals(labels.get(Keys.LABEL_ACS))) {
            return true;
        }
        if ("true".equals(labels.get(Keys.LABEL_ECI))) {
            return false;
        }
        if (labels.containsKey(Keys.LABEL_COMPUTE_CLASS)) {
            return true;
        }
        return "true".equals(namespaceLabels.get(Keys.LABEL_ACS)) && !"true".equals(namespaceLabels.get(Keys.LABEL_ECI));
    }

    /** The compute class and QoS class the labels name; general-purpose and default when they name none. */
    private static Outcome<Compute> acsClassAndQos(Map<String, String> labels) {
        String computeClass = labels.getOrDefault(Keys.LABEL_COMPUTE_CLASS, "general-purpose");
        if (!PodTranslator.ACS_COMPUTE_CLASSES.contains(computeClass)) {
            return Outcome.refused(RejectionReason.INVALID_POD, "label " + Keys.LABEL_COMPUTE_CLASS + " '"
                    + computeClass + "' is not an ACS compute class: use general-purpose, performance, gpu or gpu-hpn");
        }
        String qos = labels.getOrDefault(Keys.LABEL_COMPUTE_QOS, "default");
        if (!PodTranslator.ACS_QOS.contains(qos)) {
            return Outcome.refused(RejectionReason.INVALID_POD, "label " + Keys.LABEL_COMPUTE_QOS + " '" + qos
                    + "' is not an ACS QoS class: use default or best-effort");
        }
        return Outcome.decided(new Compute(ComputeType.ACS, computeClass, qos, null));
    }

    /** gpu-hpn runs only with the QoS class default, on the nodes of a GPU-HPN capacity reservation. */
    private static Outcome<Compute> refuseGpuHpnOutsideReservation(Compute acs, Map<String, String> nodeSelector) {
        if (!"gpu-hpn".equals(acs.computeClass())) {
            return Outcome.decided(acs);
        }
        if (!"default".equals(acs.qos())) {
            return Outcome.refused(RejectionReason.INVALID_POD, "compute class gpu-hpn supports only the QoS class"
                    + " default: set " + Keys.LABEL_COMPUTE_QOS + ": default");
        }
        if (nodeSelector == null || !"reserved".equals(nodeSelector.get(Keys.LABEL_NODE_TYPE))) {
            return Outcome.refused(RejectionReason.GPU_HPN_REQUIRES_RESERVED_NODES, "gpu-hpn pods run only on a"
                    + " GPU-HPN capacity reservation: add the nodeSelector " + Keys.LABEL_NODE_TYPE
                    + ": reserved (and associate the reservation with the cluster)");
        }
        return Outcome.decided(acs);
    }

    /** The GPU classes take the gpu-model-series label; the others ignore it, with a note. */
    private static Compute withGpuModelSeries(Compute acs, Map<String, String> labels, List<String> notes) {
        if (acs.computeClass().startsWith("gpu")) {
            return new Compute(acs.type(), acs.computeClass(), acs.qos(), labels.get(Keys.LABEL_GPU_MODEL_SERIES));
        }
        if (labels.containsKey(Keys.LABEL_GPU_MODEL_SERIES)) {
            notes.add(Keys.LABEL_GPU_MODEL_SERIES + " is ignored for compute class " + acs.computeClass());
        }
        return acs;
    }
}
