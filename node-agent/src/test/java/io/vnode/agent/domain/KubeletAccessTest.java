package io.vnode.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeletAccessTest {

    @ParameterizedTest(name = "{0} {1} -> {2} nodes/{3}")
    @CsvSource({
            "GET,    /containerLogs/default/web/nginx, get,    proxy",
            "HEAD,   /containerLogs/default/web/nginx, get,    proxy",
            "POST,   /exec/default/web/nginx,          create, proxy",
            "GET,    /attach/default/web/nginx,        get,    proxy",
            "POST,   /portForward/default/web,         create, proxy",
            "GET,    /pods,                            get,    proxy",
            "GET,    /logs/,                           get,    log",
            "GET,    /logs,                            get,    log",
            "GET,    /logsXYZ,                         get,    proxy",
            "GET,    /stats/summary,                   get,    stats",
            "GET,    /metrics,                         get,    metrics",
            "GET,    /metrics/cadvisor,                get,    metrics",
            "POST,   /checkpoint/default/web/nginx,    create, checkpoint",
            "PUT,    /anything,                        update, proxy",
            "PATCH,  /anything,                        patch,  proxy",
            "DELETE, /anything,                        delete, proxy",
    })
    void aRequestMapsToAVerbOnASubresourceOfTheNodeAsAKubeletMapsIt(String method, String path, String verb, String subresource) {
        KubeletAccess access = KubeletAccess.of(method, path, "vk-1");
        assertThat(access).isEqualTo(new KubeletAccess(verb, subresource, "vk-1"));
        assertThat(access.describe(new Requester("alice", null, null)))
                .isEqualTo("user=alice, verb=" + verb + ", resource=nodes, subresource=" + subresource + ", name=vk-1");
    }
}
