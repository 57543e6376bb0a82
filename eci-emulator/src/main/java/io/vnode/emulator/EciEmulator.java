package io.vnode.emulator;

import io.vnode.emulator.protocol.Params;
import java.net.URI;
import java.time.Duration;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The ECI 2018-08-08 OpenAPI on loopback, without a Spring context: WebFlux functional routes on
 * reactor-netty. {@code GET /} and {@code POST /} serve the RPC API the aliyun SDK speaks;
 * {@code /admin/...} serves {@link EmulatorAdmin} as JSON. Start with {@link #start}, stop with {@link #close}.
 */
public final class EciEmulator implements AutoCloseable {

    private final EmulatedCloud cloud;
    private final DisposableServer server;

    private EciEmulator(EmulatedCloud cloud, DisposableServer server) {
        this.cloud = cloud;
        this.server = server;
    }

    /** Binds and serves; returns once the port is open. */
    public static EciEmulator start(EmulatorSettings settings) {
        EmulatedCloud cloud = new EmulatedCloud(settings);
        RouterFunction<ServerResponse> routes = RouterFunctions.route()
                .GET("/", req -> api(cloud, req))
                .POST("/", req -> api(cloud, req))
                .build()
                .and(new AdminRoutes(cloud.admin, cloud.json).routes());
        HttpHandler handler = RouterFunctions.toHttpHandler(routes);
        ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(handler);
        DisposableServer server = HttpServer.create()
                .host(settings.host())
                .port(settings.port())
                .handle((req, res) -> {
                    if (ExecSocket.matches(req.uri())) {
                        return ExecSocket.serve(cloud.exec, req, res);
                    }
                    if (cloud.api.shouldDrop(actionOf(req.uri()))) {
                        res.withConnection(Connection::dispose);
                        return Mono.empty();
                    }
                    return adapter.apply(req, res);
                })
                .bindNow(Duration.ofSeconds(10));
        cloud.exec.baseUrl("http://" + settings.host() + ":" + server.port());
        return new EciEmulator(cloud, server);
    }

    private static Mono<ServerResponse> api(EmulatedCloud cloud, ServerRequest req) {
        String query = req.uri().getRawQuery();
        boolean form = req.method() == HttpMethod.POST && req.headers().contentType()
                .map(ct -> ct.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)).orElse(false);
        Mono<String> body = form ? req.bodyToMono(String.class).defaultIfEmpty("") : Mono.just("");
        return body.flatMap(b -> {
            EciApi.Outcome o = cloud.api.call(req.method().name(), Params.parse(query, b));
            Mono<ServerResponse> resp = ServerResponse.status(o.status())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(cloud.json.writeValueAsBytes(o.body()));
            return o.latency().isZero() ? resp : Mono.delay(o.latency()).then(resp);
        }).onErrorResume(DataBufferLimitException.class,
                // a body over the front end's limit (256 KiB) is refused before the API sees it: no error code
                e -> ServerResponse.status(HttpStatus.PAYLOAD_TOO_LARGE).build());
    }

    static String actionOf(String uri) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        return Params.parse(uri.substring(q + 1)).get("Action");
    }

    public int port() {
        return server.port();
    }

    /** {@code 127.0.0.1:PORT}, what the SDK takes as sysEndpoint. */
    public String endpoint() {
        return settings().host() + ":" + port();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return URI.create("http://" + endpoint());
    }

    public EmulatorSettings settings() {
        return cloud.settings;
    }

    public EmulatorAdmin admin() {
        return cloud.admin;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
