package io.vnode.executor.app;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.instance.DeleteInstance;
import io.vnode.contracts.instance.InstanceCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one record of {@code vnode.instance.commands.v1} and says what becomes of it. Returns only
 * once the command's outcome is published (or it is to be re-queued or dead-lettered), so the
 * record may then be committed; a redelivery is harmless (ClientToken + the pod-uid tag lookup).
 *
 * <ul>
 *   <li>Not decodable, or failing for an unexpected reason: {@link CommandDisposition.DeadLetter}.</li>
 *   <li>Still retrying after the hold time, or the service is stopping: {@link CommandDisposition.Requeue}
 *       at the topic's end (same key) so the partition moves on; nothing is lost.</li>
 *   <li>A failure to publish an event propagates ({@link InstanceEventSink.PublishFailed}): the record
 *       is not committed and is redelivered.</li>
 * </ul>
 */
public class CommandHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
    private static final CommandDisposition DONE = new CommandDisposition.Done();

    private final CreateInstanceHandler creates;
    private final DeleteInstanceHandler deletes;
    private final PodDirectory pods;
    private final RetryPolicy policy;
    private final ShutdownSignal shutdown;
    private final Clock clock;

    CommandHandler(CreateInstanceHandler creates, DeleteInstanceHandler deletes, PodDirectory pods, RetryPolicy policy,
                   ShutdownSignal shutdown, Clock clock) {
        this.creates = creates;
        this.deletes = deletes;
        this.pods = pods;
        this.policy = policy;
        this.shutdown = shutdown;
        this.clock = clock;
    }

    public CommandDisposition handle(InboundCommand in) {
        InstanceCommand command;
        try {
            command = EventCodec.decode(in.payload(), InstanceCommand.class);
        } catch (RuntimeException e) {
            log.warn("undecodable command (key {}) dead-lettered: {}", in.key(), e.getMessage());
            return new CommandDisposition.DeadLetter(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            Optional<Halt> halt = waitUntil(in.notBeforeMillis());
            if (halt.isEmpty()) {
                halt = run(command, in.requeues());
            }
            return halt.map(h -> disposition(h, command, in)).orElse(DONE);
        } catch (InstanceEventSink.PublishFailed e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("command {} for {} dead-lettered: {}", EventCodec.typeOf(command), command.pod(), e.toString());
            return new CommandDisposition.DeadLetter(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Optional<Halt> run(InstanceCommand command, int requeues) {
        if (command instanceof CreateInstance create) {
            if (requeues > 0 && !pods.exists(command.pod())) {
                log.info("re-queued create for {} dropped: the pod no longer exists", command.pod());
                return Optional.empty();
            }
            CreateOutcome outcome = creates.handle(create, new RetryContext(policy, shutdown, pods, command.pod(), clock));
            return outcome instanceof Halt h ? Optional.of(h) : Optional.empty();
        }
        if (command instanceof DeleteInstance delete) {
            return deletes.handle(delete, new RetryContext(policy, shutdown, null, command.pod(), clock));
        }
        return Optional.empty();
    }

    private static CommandDisposition disposition(Halt halt, InstanceCommand command, InboundCommand in) {
        if (halt instanceof CreateOutcome.PodDeleted gone) {
            log.info("create for {} abandoned: {}", command.pod(), gone.reason());
            return DONE;
        }
        CreateOutcome.Held held = (CreateOutcome.Held) halt;
        log.info("{} for {} re-queued ({}, {} earlier re-queues)", EventCodec.typeOf(command), command.pod(),
                held.reason(), in.requeues());
        return new CommandDisposition.Requeue(in.key() == null ? command.pod().uid() : in.key(), in.requeues() + 1,
                held.notBeforeMillis());
    }

    /** A re-queued command waits for its not-before time (cut short by shutdown: then it is re-queued again). */
    private Optional<Halt> waitUntil(long notBeforeMillis) {
        long waitMillis = notBeforeMillis - clock.millis();
        if (waitMillis <= 0) {
            return Optional.empty();
        }
        Duration wait = Duration.ofMillis(Math.min(waitMillis, policy.maxHold().toMillis()));
        return shutdown.await(wait) ? Optional.of(new CreateOutcome.Held(notBeforeMillis, "stopping")) : Optional.empty();
    }
}
