package io.vnode.agent.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.agent.domain.NodeFit;
import io.vnode.agent.domain.PolicyPlacement;
import io.vnode.agent.domain.ResourcePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Admits pods under ResourcePolicies ({@link PolicyPlacement}) with the cluster's facts read now. A placed
 * pod is also reserved in memory until the API server shows it (or {@link #RESERVATION} passes): the
 * webhook answers before the pod is stored, and the next pod of a scale-out must count it. Decisions are
 * serialized, so two pods admitted at once do not both take the last place of a unit.
 */
public class PolicyScheduler {

    static final Duration RESERVATION = Duration.ofSeconds(30);

    private record Reservation(String namespace, String policy, int unit, boolean ordinary, NodeFit.Demand demand, long at) {
    }

    private final ResourcePolicyCatalog catalog;
    private final PlacementFacts facts;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();

    public PolicyScheduler(ResourcePolicyCatalog catalog, PlacementFacts facts, Clock clock, Supplier<String> ids) {
        this.catalog = catalog;
        this.facts = facts;
        this.clock = clock;
        this.ids = ids;
    }

    public PolicyScheduler(ResourcePolicyCatalog catalog, PlacementFacts facts) {
        this(catalog, facts, Clock.systemUTC(), () -> UUID.randomUUID().toString());
    }

    public synchronized PolicyPlacement.Outcome admit(Pod pod, String namespace) {
        List<ResourcePolicy.Parsed> policies = catalog.inNamespace(namespace);
        boolean coScheduled = pod.getSpec() != null && PolicyPlacement.CO_SCHEDULER.equals(pod.getSpec().getSchedulerName());
        if (policies.isEmpty() && !coScheduled) {
            return new PolicyPlacement.NotGoverned(List.of(), List.of());
        }
        Optional<String> binding = policies.isEmpty() ? Optional.empty() : catalog.workloadBinding(pod);
        long now = clock.millis();
        reservations.values().removeIf(r -> now - r.at() > RESERVATION.toMillis());
        Map<String, List<Pod>> podsByPolicy = new LinkedHashMap<>();
        List<NodeFit.NodeState>[] nodes = new List[1];
        PolicyPlacement.Units units = new PolicyPlacement.Units() {
            @Override
            public int podsIn(ResourcePolicy policy, int unit) {
                List<Pod> all = podsByPolicy.computeIfAbsent(policy.name(), name -> facts.podsOf(policy.namespace(), name));
                int n = (int) live(all).stream().filter(p -> Integer.toString(unit).equals(label(p, PolicyPlacement.LABEL_UNIT))).count();
                return n + (int) pending(policy, all).stream().filter(r -> r.unit() == unit).count();
            }

            @Override
            public boolean fits(Pod candidate, ResourcePolicy.Unit unit) {
                if (nodes[0] == null) {
                    nodes[0] = facts.ordinaryNodes();
                }
                List<NodeFit.Demand> inFlight = new ArrayList<>();
                for (Map.Entry<String, List<Pod>> e : podsByPolicy.entrySet()) {
                    for (Pod p : live(e.getValue())) {
                        boolean unbound = p.getSpec() == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty();
                        boolean ordinary = p.getSpec() == null || p.getSpec().getTolerations() == null
                                || p.getSpec().getTolerations().stream().noneMatch(t -> io.vnode.contracts.Keys.TAINT_KEY.equals(t.getKey()));
                        if (unbound && ordinary) {
                            inFlight.add(NodeFit.Demand.of(p));
                        }
                    }
                }
                reservations.values().stream().filter(Reservation::ordinary).forEach(r -> inFlight.add(r.demand()));
                return NodeFit.fits(candidate, unit.resource() == ResourcePolicy.Resource.ECS ? unit.nodeSelector() : Map.of(),
                        nodes[0], inFlight);
            }
        };
        String id = ids.get();
        PolicyPlacement.Outcome outcome = PolicyPlacement.decide(pod, policies, binding, units, id);
        if (outcome instanceof PolicyPlacement.Placed placed) {
            ResourcePolicy.Unit unit = placed.policy().units().get(placed.unit());
            reservations.put(id, new Reservation(namespace, placed.policy().name(), placed.unit(), !unit.resource().virtual(),
                    NodeFit.Demand.of(pod), now));
        }
        return outcome;
    }

    /** The pods that hold a place: not being deleted, not finished. */
    private static List<Pod> live(List<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() == null || !("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase())))
                .toList();
    }

    /** Reservations of the policy whose pods the API server does not show yet (seen ones are dropped). */
    private List<Reservation> pending(ResourcePolicy policy, List<Pod> pods) {
        Set<String> seen = new HashSet<>();
        for (Pod p : pods) {
            String id = label(p, PolicyPlacement.LABEL_PLACEMENT);
            if (id != null) {
                seen.add(id);
            }
        }
        reservations.keySet().removeIf(seen::contains);
        return reservations.values().stream()
                .filter(r -> r.namespace().equals(policy.namespace()) && r.policy().equals(policy.name())).toList();
    }

    private static String label(Pod p, String key) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(key);
    }
}
