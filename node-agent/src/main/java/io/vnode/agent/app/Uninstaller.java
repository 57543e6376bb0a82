package io.vnode.agent.app;

import io.vnode.agent.domain.Uninstall;
import io.vnode.agent.domain.Uninstall.BoundPod;
import io.vnode.agent.domain.Uninstall.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uninstall (the chart's pre-delete hook): marks and cordons the virtual nodes, deletes the pods bound to
 * them, waits until none is left, then deletes the nodes and their Leases. Ends with an {@link Outcome}: done,
 * or what is left when the timeout passed (the nodes are then kept: a pod still terminating needs its node).
 */
public class Uninstaller {

    private static final Logger LOG = LoggerFactory.getLogger(Uninstaller.class);

    /** How the uninstall waits between two looks (the real one sleeps; tests advance a clock). */
    public interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    public sealed interface Outcome {
        record Done(List<String> deletedNodes, int deletedPods) implements Outcome {
        }

        record LeftOver(String message) implements Outcome {
        }
    }

    private final UninstallApi api;
    private final List<String> nodes;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Clock clock;
    private final Pause pause;

    public Uninstaller(UninstallApi api, List<String> nodes, Duration timeout, Duration pollInterval, Clock clock, Pause pause) {
        this.api = api;
        this.nodes = List.copyOf(nodes);
        this.timeout = timeout;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.pause = pause;
    }

    public Outcome run() throws InterruptedException {
        Instant start = clock.instant();
        List<String> present = nodes.stream().filter(api::exists).toList();
        LOG.info("uninstall: virtual nodes {} (of {}); pods are deleted, then the nodes (timeout {})", present, nodes, timeout);
        present.forEach(n -> api.markAndCordon(n, start.toString()));
        int deleted = 0;
        while (true) {
            List<BoundPod> pods = new ArrayList<>();
            present.forEach(n -> pods.addAll(api.podsOn(n)));
            Duration waited = Duration.between(start, clock.instant());
            Step step = Uninstall.next(present, pods, waited, timeout);
            if (step instanceof Step.DeletePods d) {
                d.pods().forEach(api::deletePod);
                deleted += d.pods().size();
                LOG.info("uninstall: deleted {} pod(s), {} bound in all", d.pods().size(), pods.size());
            } else if (step instanceof Step.Wait w) {
                LOG.info("uninstall: waiting for {} terminating pod(s)", w.left().size());
            } else if (step instanceof Step.DeleteNodes n) {
                n.nodes().forEach(api::deleteNode);
                LOG.info("uninstall: no pod left; deleted the virtual nodes {} and their Leases", n.nodes());
                return new Outcome.Done(n.nodes(), deleted);
            } else if (step instanceof Step.GiveUp g) {
                Map<String, Integer> perNode = new LinkedHashMap<>();
                g.left().forEach(p -> perNode.merge(p.nodeName(), 1, Integer::sum));
                return new Outcome.LeftOver(Uninstall.leftOver(g, perNode));
            }
            pause.pause(pollInterval);
        }
    }
}
