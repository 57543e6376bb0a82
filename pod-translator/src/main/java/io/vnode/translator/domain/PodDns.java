package io.vnode.translator.domain;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.vnode.contracts.instance.DnsConfig;
import io.vnode.contracts.instance.DnsOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's DNS as the cloud takes it.
 *
 * @param policy None or Default (the VPC resolver)
 * @param config the name servers, searches and options; null when there are none
 */
record PodDns(String policy, DnsConfig config) {

    /**
     * None and Default stay as they are. ClusterFirst (and any other policy) becomes None with the
     * cluster DNS service and the cluster's search domains, or Default with a note when the
     * cluster DNS IP is not configured. The pod's own dnsConfig is added in every case.
     */
    static PodDns of(PodSpec spec, String namespace, TranslationContext ctx, List<String> notes) {
        String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
        if ("None".equals(policy) || "Default".equals(policy)) {
            return new PodDns(policy, merged(spec.getDnsConfig(), List.of(), List.of(), List.of()));
        }
        if (ctx.clusterDnsIp() == null) {
            notes.add("dnsPolicy " + policy + " runs as Default (the VPC resolver): set"
                    + " vnode.translator.cluster-dns-ip to resolve cluster services");
            return new PodDns("Default", merged(spec.getDnsConfig(), List.of(), List.of(), List.of()));
        }
        String domain = ctx.clusterDomain();
        return new PodDns("None", merged(spec.getDnsConfig(), List.of(ctx.clusterDnsIp()),
                List.of(namespace + ".svc." + domain, "svc." + domain, domain), List.of(new DnsOption("ndots", "5"))));
    }

    /** The given servers, searches and options, then the pod's (a pod's option replaces a given one of that name). */
    private static DnsConfig merged(PodDNSConfig podConfig, List<String> servers, List<String> searches,
                                    List<DnsOption> options) {
        List<String> nameServers = new ArrayList<>(servers);
        List<String> searchDomains = new ArrayList<>(searches);
        Map<String, DnsOption> optionsByName = new LinkedHashMap<>();
        options.forEach(o -> optionsByName.put(o.name(), o));
        if (podConfig != null) {
            if (podConfig.getNameservers() != null) {
                podConfig.getNameservers().stream().filter(s -> !nameServers.contains(s)).forEach(nameServers::add);
            }
            if (podConfig.getSearches() != null) {
                podConfig.getSearches().stream().filter(s -> !searchDomains.contains(s)).forEach(searchDomains::add);
            }
            if (podConfig.getOptions() != null) {
                for (PodDNSConfigOption o : podConfig.getOptions()) {
                    optionsByName.put(o.getName(), new DnsOption(o.getName(), o.getValue()));
                }
            }
        }
        if (nameServers.isEmpty() && searchDomains.isEmpty() && optionsByName.isEmpty()) {
            return null;
        }
        return new DnsConfig(nameServers.isEmpty() ? null : nameServers, searchDomains.isEmpty() ? null : searchDomains,
                optionsByName.isEmpty() ? null : new ArrayList<>(optionsByName.values()));
    }
}
