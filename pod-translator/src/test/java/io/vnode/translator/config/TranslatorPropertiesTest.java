package io.vnode.translator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.translator.domain.TranslationContext.ApiServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The API server address the instances get, bound as the service binds its properties. */
class TranslatorPropertiesTest {

    static TranslatorProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("vnode.translator", TranslatorProperties.class);
    }

    @Test
    void theConfiguredAddressWins() {
        TranslatorProperties p = bind(Map.of("vnode.translator.api-server-host", "api.vpc.internal",
                "vnode.translator.api-server-port", "6443"));
        assertThat(p.apiServer(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")))
                .isEqualTo(new ApiServer("api.vpc.internal", "6443"));
    }

    @Test
    void withoutOneTheServicesOwnKubernetesServiceAddressIsGiven() {
        TranslatorProperties p = bind(Map.of());
        assertThat(p.apiServerHost()).isEmpty();
        assertThat(p.apiServer(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")))
                .isEqualTo(new ApiServer("10.96.0.1", "443"));
        assertThat(p.apiServer(Map.of())).isNull();
    }
}
