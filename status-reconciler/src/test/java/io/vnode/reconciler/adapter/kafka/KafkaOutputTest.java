package io.vnode.reconciler.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.GoldenFixtures;
import io.vnode.contracts.billing.BillingEvent;
import io.vnode.contracts.billing.BillingUsageRecorded;
import io.vnode.reconciler.app.PodGateway;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.function.StreamOperations;
import org.springframework.util.MimeType;

/**
 * A billing record Kafka does not take is a transient failure (the batch waits for Kafka and tries again),
 * never a reason to dead-letter the instance event it came from: the chaos run's 330 s Kafka outage
 * dead-lettered 63 instance events that way before.
 */
class KafkaOutputTest {

    private static final BillingUsageRecorded USAGE = (BillingUsageRecorded) EventCodec.decode(
            GoldenFixtures.json("billing.usage-recorded.v1"), BillingEvent.class);

    @Test
    void aBrokerThatDoesNotTakeTheBillingRecordIsATransientFailure() {
        KafkaOutput output = new KafkaOutput(new Bridge(new TimeoutException(
                "Topic vnode.billing.usage.v1 not present in metadata after 60000 ms.")), "vnode.instance.events.v1");

        assertThatThrownBy(() -> output.publish(USAGE))
                .isInstanceOf(PodGateway.TransientException.class)
                .hasMessageContaining("billing record of " + USAGE.pod().namespace() + "/" + USAGE.pod().name())
                .hasMessageContaining("not present in metadata");
    }

    @Test
    void aRecordTheBinderRefusesIsATransientFailureToo() {
        Bridge refusing = new Bridge(null);
        refusing.accept = false;
        assertThatThrownBy(() -> new KafkaOutput(refusing, "t").publish(USAGE)).isInstanceOf(PodGateway.TransientException.class);
    }

    @Test
    void aTakenRecordGoesToTheBillingBinding() {
        Bridge ok = new Bridge(null);
        new KafkaOutput(ok, "t").publish(USAGE);
        assertThat(ok.destinations).containsExactly(KafkaOutput.BILLING_BINDING);
    }

    /** The binder's bridge as far as the output uses it: one send that answers, refuses or throws. */
    private static final class Bridge implements StreamOperations {
        final RuntimeException failure;
        final List<String> destinations = new ArrayList<>();
        boolean accept = true;

        Bridge(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public boolean send(String bindingName, Object data) {
            if (failure != null) {
                throw failure;
            }
            destinations.add(bindingName);
            return accept;
        }

        @Override
        public boolean send(String bindingName, Object data, MimeType outputContentType) {
            return send(bindingName, data);
        }

        @Override
        public boolean send(String bindingName, String binderName, Object data) {
            return send(bindingName, data);
        }

        @Override
        public boolean send(String bindingName, String binderName, Object data, MimeType outputContentType) {
            return send(bindingName, data);
        }
    }
}
