package io.vnode.tracing;

import io.vnode.contracts.TraceLogging;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With {@code vnode.tracing.otlp.endpoint} set, every record a service handles is also a span exported
 * there (service name: {@code spring.application.name}); without it nothing is built.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "vnode.tracing.otlp", name = "endpoint")
@EnableConfigurationProperties(TracingProperties.class)
public class TracingAutoConfiguration {

    /** Installs the exporter into {@link TraceLogging} for the life of the context. */
    public static final class InstalledSpans implements DisposableBean {
        private final OtlpSpans spans;

        InstalledSpans(OtlpSpans spans) {
            this.spans = spans;
            TraceLogging.exportSpansTo(spans);
        }

        @Override
        public void destroy() {
            TraceLogging.stopExportingTo(spans);
            spans.close();
        }
    }

    @Bean
    InstalledSpans vnodeOtlpSpans(TracingProperties properties, Environment environment) {
        return new InstalledSpans(new OtlpSpans(environment.getProperty("spring.application.name", "vnode"), properties));
    }
}
