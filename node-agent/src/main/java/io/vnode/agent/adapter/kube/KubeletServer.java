package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vnode.agent.app.ContainerLogs;
import io.vnode.agent.domain.PodLifecyclePolicy;
import java.io.File;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The kubelet API the API server calls on the node's daemon endpoint (port 10250): {@code GET
 * /containerLogs/{namespace}/{pod}/{container}} (tailLines, timestamps, previous, sinceTime), served from
 * the cloud's DescribeContainerLog; exec, attach, port-forward and run answer 501. With a certificate it
 * serves TLS, and with a client CA it requires the client certificate the API server presents to kubelets
 * ({@code --kubelet-client-certificate}).
 */
public class KubeletServer implements AutoCloseable {

    private final KubernetesClient client;
    private final List<String> nodeNames;
    private final ContainerLogs logs;
    private final DisposableServer server;

    public KubeletServer(KubernetesClient client, List<String> nodeNames, ContainerLogs logs, int port,
                         String certFile, String keyFile, String clientCaFile) {
        this.client = client;
        this.nodeNames = List.copyOf(nodeNames);
        this.logs = logs;
        HttpServer http = HttpServer.create().port(port)
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes())));
        if (certFile != null && !certFile.isBlank()) {
            SslContext ssl = sslContext(certFile, keyFile, clientCaFile);
            http = http.secure(spec -> spec.sslContext(ssl));
        }
        this.server = http.bindNow();
    }

    public int port() {
        return server.port();
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/containerLogs/{namespace}/{pod}/{container}", this::containerLogs)
                .add(RouterFunctions.route(r -> r.path().matches("/(exec|attach|portForward|run)/.*"), r -> notSupported()))
                .build();
    }

    Mono<ServerResponse> containerLogs(ServerRequest request) {
        String ns = request.pathVariable("namespace");
        String name = request.pathVariable("pod");
        String container = request.pathVariable("container");
        Integer tail;
        Instant since;
        try {
            tail = request.queryParam("tailLines").map(Integer::valueOf).orElse(null);
            since = request.queryParam("sinceTime").map(Instant::parse).orElse(null);
        } catch (NumberFormatException | DateTimeParseException e) {
            return text(HttpStatus.BAD_REQUEST, "bad tailLines or sinceTime: " + e.getMessage());
        }
        boolean timestamps = request.queryParam("timestamps").map(Boolean::parseBoolean).orElse(false);
        boolean previous = request.queryParam("previous").map(Boolean::parseBoolean).orElse(false);
        return Mono.fromCallable(() -> {
                    Pod pod = client.pods().inNamespace(ns).withName(name).get();
                    if (pod == null || pod.getSpec() == null || !nodeNames.contains(pod.getSpec().getNodeName())) {
                        throw new ContainerLogs.LogsUnavailableException(404, "pod " + ns + "/" + name + " is not on this virtual node", null);
                    }
                    String instanceId = Optional.ofNullable(PodLifecyclePolicy.instanceId(pod)).orElseThrow(() ->
                            new ContainerLogs.LogsUnavailableException(404, "pod " + ns + "/" + name
                                    + " has no instance yet, so there is no log; try again when it runs", null));
                    return logs.logs(instanceId, container, tail, timestamps, previous, since);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(body))
                .onErrorResume(ContainerLogs.LogsUnavailableException.class,
                        e -> text(HttpStatus.valueOf(e.httpStatus()), e.getMessage()));
    }

    private static Mono<ServerResponse> notSupported() {
        return text(HttpStatus.NOT_IMPLEMENTED, "not supported: the virtual node serves container logs only; "
                + "exec, attach, port-forward and run are not implemented yet");
    }

    private static Mono<ServerResponse> text(HttpStatus status, String message) {
        return ServerResponse.status(status).contentType(MediaType.TEXT_PLAIN).bodyValue(message + "\n");
    }

    private static SslContext sslContext(String certFile, String keyFile, String clientCaFile) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(new File(certFile), new File(keyFile));
            if (clientCaFile != null && !clientCaFile.isBlank()) {
                b.trustManager(new File(clientCaFile)).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load the kubelet TLS certificate " + certFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
