package io.vnode.reconciler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.reconciler.domain.DeadLetter;
import io.vnode.reconciler.domain.DeadLetterNotice;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a pod that a record about it was dead-lettered, by any stage ({@link DeadLetterNotice} decides
 * what it shows), and counts every dead letter on {@code vnode.deadletters} (tags: original topic,
 * outcome). Thread-safe; blocking.
 *
 * <p>Idempotent: the status write sends nothing when the pod shows the notice already, and the Event
 * of one reason is one object whose count is bumped once per dead letter; a dead letter delivered
 * again (same topic, partition and offset) is recognised and changes nothing while this process
 * remembers it (the last {@value #REMEMBERED} records).
 *
 * <p>Failures: a transient API failure or a denied request is rethrown (the consumer retries the record
 * later); a status the API server refuses for good still leaves the Event; any other refusal is logged
 * and counted (outcome {@code not-told}), never dead-lettered again.
 */
public class DeadLetterNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterNotifier.class);
    static final int REMEMBERED = 10_000;

    private final PodGateway pods;
    private final EventRecorder events;
    private final MeterRegistry registry;
    private final Clock clock;
    private final int conflictRetries;
    private final ApiAccess access;
    private final Map<String, Boolean> told = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public DeadLetterNotifier(PodGateway pods, EventRecorder events, MeterRegistry registry, Clock clock, int conflictRetries,
                              ApiAccess access) {
        this.access = access;
        this.pods = pods;
        this.events = events;
        this.registry = registry;
        this.clock = clock;
        this.conflictRetries = Math.max(1, conflictRetries);
    }

    /**
     * Tells the pod of {@code letter}, unless the record {@code recordId} (topic, partition, offset) was
     * told already. Returns the outcome's label ({@code told}, {@code pod-gone}, {@code unidentified},
     * {@code not-told}, {@code redelivered}).
     */
    public String tell(String recordId, DeadLetter letter) {
        if (told.containsKey(recordId)) {
            return "redelivered";
        }
        String outcome;
        try {
            outcome = tellOnce(letter);
            if (letter.identifiesPod()) {
                access.granted();
            }
        } catch (PodGateway.TransientException e) {
            throw e;
        } catch (PodGateway.AccessDeniedException e) {
            access.denied(e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            outcome = "not-told";
            LOG.warn("dead letter {} from {} about pod uid {}: the pod could not be told: {}", recordId,
                    letter.originalTopic(), letter.uid(), e.getClass().getSimpleName());
        }
        told.put(recordId, Boolean.TRUE);
        counter(letter.originalTopic(), outcome).increment();
        LOG.info("dead letter {} from {} ({}) about pod {}/{} uid {}: {}", recordId, letter.originalTopic(),
                letter.eventType(), letter.namespace(), letter.name(), letter.uid(), outcome);
        return outcome;
    }

    private String tellOnce(DeadLetter letter) {
        PodGateway.ConflictException last = null;
        for (int attempt = 0; attempt < conflictRetries; attempt++) {
            Pod current = letter.identifiesPod() ? pods.get(letter.namespace(), letter.name()).orElse(null) : null;
            DeadLetterNotice.Outcome outcome = DeadLetterNotice.decide(letter, current, clock.instant());
            if (!(outcome instanceof DeadLetterNotice.Tell tell)) {
                return outcome.label();
            }
            try {
                if (tell.statusChanged()) {
                    pods.write(current, tell.pod());
                }
            } catch (PodGateway.ConflictException e) {
                last = e;
                continue;
            } catch (PodGateway.TransientException | PodGateway.AccessDeniedException e) {
                throw e;
            } catch (RuntimeException e) {
                // the status refused for good (422, ...): the Event still tells the pod
                LOG.warn("dead letter about {}/{}: status not written ({}), the Event is recorded", letter.namespace(),
                        letter.name(), e.getClass().getSimpleName());
            }
            String node = current.getSpec() != null ? current.getSpec().getNodeName() : null;
            events.record(current, node, tell.note());
            return outcome.label();
        }
        throw new PodGateway.TransientException("dead letter about " + letter.namespace() + "/" + letter.name()
                + ": still conflicting after " + conflictRetries + " attempts", last);
    }

    private Counter counter(String topic, String outcome) {
        return Counter.builder("vnode.deadletters")
                .description("records set aside on a dead-letter topic, by original topic and what the pod was told")
                .tag("topic", topic == null ? "unknown" : topic).tag("outcome", outcome).register(registry);
    }
}
