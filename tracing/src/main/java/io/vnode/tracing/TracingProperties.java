package io.vnode.tracing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vnode.tracing.*}: where spans go. Export is on when {@code otlp.endpoint} is set.
 *
 * @param otlp          the OTLP/HTTP receiver
 * @param samplingRatio share of pods whose spans are exported, 0..1, chosen by trace id (so by pod: every
 *                      service keeps or drops the same pods' spans)
 */
@ConfigurationProperties("vnode.tracing")
public record TracingProperties(Otlp otlp, Double samplingRatio) {

    public TracingProperties {
        otlp = otlp == null ? new Otlp(null, null, null, null) : otlp;
        samplingRatio = samplingRatio == null ? 1.0 : samplingRatio;
        if (samplingRatio < 0 || samplingRatio > 1 || samplingRatio.isNaN()) {
            throw new IllegalArgumentException("vnode.tracing.sampling-ratio must be between 0 and 1, was " + samplingRatio);
        }
    }

    /**
     * @param endpoint OTLP/HTTP traces URL ({@code http://collector:4318/v1/traces}); a URL without a path
     *                 gets {@code /v1/traces}, as OTEL_EXPORTER_OTLP_ENDPOINT does
     * @param headers    sent with every export (a backend's authentication, e.g. {@code Authorization})
     * @param headerList more headers in the OTEL_EXPORTER_OTLP_HEADERS format ({@code name=value,name2=value2},
     *                   values percent-encoded), as a Secret's value reaches the service through its env
     * @param timeout    of one export call (10 s)
     */
    public record Otlp(String endpoint, Map<String, String> headers, String headerList, Duration timeout) {

        public Otlp {
            Map<String, String> all = new LinkedHashMap<>(headers == null ? Map.of() : headers);
            all.putAll(parseHeaderList(headerList));
            headers = Map.copyOf(all);
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }

        /** {@code name=value} pairs separated by commas; the values (never their text) named in errors. */
        static Map<String, String> parseHeaderList(String list) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (list == null || list.isBlank()) {
                return headers;
            }
            int n = 0;
            for (String pair : list.split(",")) {
                n++;
                int eq = pair.indexOf('=');
                if (pair.isBlank()) {
                    continue;
                }
                if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                    throw new IllegalArgumentException("vnode.tracing.otlp.header-list: entry " + n
                            + " is not name=value (its text is not shown: it may hold a credential)");
                }
                headers.put(pair.substring(0, eq).trim(),
                        URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
            }
            return headers;
        }

        /** The URL spans are posted to. */
        public String tracesUrl() {
            URI uri = URI.create(endpoint.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("vnode.tracing.otlp.endpoint must be an http(s) URL, was '" + endpoint + "'");
            }
            String path = uri.getPath();
            return path == null || path.isEmpty() || path.equals("/") ? uri.resolve("/v1/traces").toString() : uri.toString();
        }
    }
}
