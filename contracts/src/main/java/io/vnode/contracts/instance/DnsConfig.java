package io.vnode.contracts.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The pod dnsConfig. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DnsConfig(
        List<String> nameServers,
        List<String> searches,
        List<DnsOption> options) {
}
