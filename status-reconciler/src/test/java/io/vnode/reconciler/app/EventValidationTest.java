package io.vnode.reconciler.app;

import static io.vnode.reconciler.it.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.VnodeEvent;
import io.vnode.contracts.instance.ComputeType;
import io.vnode.contracts.instance.InstanceDeleted;
import io.vnode.contracts.instance.InstanceEvent;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.contracts.pod.PodRejection;
import io.vnode.reconciler.it.Events;
import io.vnode.reconciler.it.Mutations;
import io.vnode.localkube.PodFixtures;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every generated mutation of a valid event is refused, by the decoder or by the contract check; the valid event passes. */
class EventValidationTest {

    static final Pod POD = PodFixtures.onNode(PodFixtures.eciLabelledUseSpecs(), Events.NODE);
    static final InstanceSpec SPEC = InstanceSpec.ofCpuMemory(2, 4, null);

    static List<VnodeEvent> valid() {
        return List.of(
                Events.created(POD, 1, ComputeType.ECI, "eci-1", SPEC),
                Events.status(POD, 2, ComputeType.ECI, "eci-1", SPEC, "Running", Events.running(T0), true,
                        List.of(Events.cloudEvent("Normal", "Pulled", "Successfully pulled image", 1))),
                Events.createFailed(POD, 3, true, "NoStock", "out of stock", 2),
                Events.deleted(POD, 4, "eci-1", InstanceDeleted.REASON_VANISHED),
                Events.rejected(POD, 1, "HostPathNotSupported", "no host"));
    }

    static Stream<Arguments> mutations() {
        return valid().stream().flatMap(v -> Mutations.of(v).stream().map(m -> Arguments.of(m, family(v))));
    }

    static Class<? extends VnodeEvent> family(VnodeEvent e) {
        return e instanceof PodRejection ? PodRejection.class : InstanceEvent.class;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void everyMutationIsRefused(Mutations.Mutation mutation, Class<? extends VnodeEvent> family) {
        Optional<String> problem;
        try {
            problem = EventValidation.problem(EventCodec.decode(mutation.value(), family));
        } catch (EventCodec.EventDecodingException e) {
            problem = Optional.of("not decodable");
        }
        assertThat(problem).as(mutation.name()).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void theValidEventPasses(VnodeEvent event) {
        assertThat(EventValidation.problem(EventCodec.decode(EventCodec.encode(event), family(event)))).isEmpty();
    }
}
