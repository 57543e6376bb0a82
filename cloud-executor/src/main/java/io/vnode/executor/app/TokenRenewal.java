package io.vnode.executor.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.Keys;
import io.vnode.contracts.PodRef;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.TokenLifetimes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the projected service-account tokens of running instances before they expire, as a kubelet rotates
 * them, one pass per full listing of a region: an instance whose {@link Keys#TAG_TOKEN_LIFETIME} is due
 * ({@link TokenLifetimes}) gets fresh tokens for its pod (TokenRequest bound to the pod), written into its
 * ConfigFileVolumes in place of the old ones (the other files as the cloud has them), and the new lifetime tag,
 * in one UpdateContainerGroup call. A renewal that fails is logged and tried again at the next pass; a pod that
 * is gone is left to the orphan sweep. Level-triggered: the tag is the only state, so any replica after any
 * restart renews what is due. Blocking; one pass at a time per region. Token values are never logged.
 */
final class TokenRenewal {

    private static final Logger log = LoggerFactory.getLogger(TokenRenewal.class);
    private static final String RUNNING = "Running";
    private static final String PENDING = "Pending";

    private final CloudInstances cloud;
    private final TokenIssuer tokens;
    private final Clock clock;
    private final Duration maxAge;
    private final Counter renewed;
    private final Counter failed;

    /** @param maxAge renew tokens older than this even before 80% of their lifetime; null: no maximum age */
    TokenRenewal(CloudInstances cloud, TokenIssuer tokens, Clock clock, Duration maxAge, MeterRegistry meters) {
        this.cloud = cloud;
        this.tokens = tokens;
        this.clock = clock;
        this.maxAge = maxAge;
        this.renewed = Counter.builder("vnode.tokens.renewed").description("instances whose service-account tokens were renewed")
                .register(meters);
        this.failed = Counter.builder("vnode.tokens.renewal.failures").description("token renewals that failed (tried again)")
                .register(meters);
    }

    /** Renews the due tokens of the listed instances; returns how many instances were renewed. */
    int pass(String region, List<CloudInstance> listed) {
        int count = 0;
        for (CloudInstance instance : listed) {
            if (!due(instance)) {
                continue;
            }
            try {
                if (renew(region, instance, instance.pod().orElseThrow())) {
                    count++;
                    renewed.increment();
                }
            } catch (CloudException | ReferenceResolver.Unavailable e) {
                failed.increment();
                log.warn("token renewal of {} ({}) failed, tried again at the next resync: {}", instance.id(),
                        instance.pod().map(PodRef::toString).orElse("?"), e.getMessage());
            }
        }
        return count;
    }

    private boolean due(CloudInstance instance) {
        return (RUNNING.equals(instance.status()) || PENDING.equals(instance.status())) && instance.pod().isPresent()
                && TokenLifetimes.due(instance.tags().get(Keys.TAG_TOKEN_LIFETIME), clock.instant(), maxAge);
    }

    private boolean renew(String region, CloudInstance instance, PodRef pod) {
        Map<String, Map<String, byte[]>> fresh = tokens.renewTokens(pod);
        if (fresh.isEmpty()) {
            return false;
        }
        Map<String, List<CloudInstances.ConfigFile>> current = cloud.configFiles(region, instance.id());
        Map<String, List<CloudInstances.ConfigFile>> volumes = new HashMap<>();
        List<byte[]> tokens = new ArrayList<>();
        fresh.forEach((volume, byPath) -> {
            List<CloudInstances.ConfigFile> had = current.get(volume);
            if (had == null) {
                return; // the instance was created without this volume's files: nothing to replace
            }
            List<CloudInstances.ConfigFile> files = new ArrayList<>(had.size());
            for (CloudInstances.ConfigFile f : had) {
                byte[] token = byPath.get(f.path());
                files.add(token == null ? f : new CloudInstances.ConfigFile(f.path(), Base64.getEncoder().encodeToString(token), f.mode()));
            }
            tokens.addAll(byPath.values());
            volumes.put(volume, files);
        });
        Optional<TokenLifetimes.Lifetime> lifetime = TokenLifetimes.earliest(tokens);
        if (volumes.isEmpty() || lifetime.isEmpty()) {
            return false;
        }
        Map<String, String> tags = new LinkedHashMap<>(instance.tags());
        tags.put(Keys.TAG_TOKEN_LIFETIME, lifetime.get().tag());
        String clientToken = "renew-" + instance.id() + "-" + lifetime.get().issuedAt();
        cloud.updateConfigFiles(region, instance.id(), volumes, tags, clientToken);
        log.info("renewed the service-account tokens of {} ({}): valid until {}", instance.id(), pod,
                java.time.Instant.ofEpochSecond(lifetime.get().expiresAt()));
        return true;
    }
}
