package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.vnode.agent.app.ContainerExec;
import io.vnode.agent.domain.PodLifecyclePolicy;
import io.vnode.agent.domain.RemoteCommand;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * {@code kubectl exec} on the virtual node: the kubelet's exec endpoint over WebSocket
 * ({@link RemoteCommand}), which the API server proxies to the node as it is (the node declares
 * {@code ExtendWebSocketsToKubelet}), bridged to the cloud's ExecContainerCommand. A command with no
 * input and no terminal runs to its end in one call (Sync) and its output is sent; otherwise the cloud's
 * session WebSocket is opened and bytes flow both ways, stdin to it and its output (stdout and stderr
 * together, as the cloud sends them) back on stdout, until either side ends. Resize and the closing of
 * stdin are not passed on (the cloud's socket has neither). Attach and SPDY are answered with why not.
 */
final class ExecBridge {

    static final String ATTACH_NOT_SUPPORTED = "attach is not supported on the virtual node: the cloud (ECI) has no API "
            + "to attach to a container's main process; read its output with kubectl logs -f, or run a command with kubectl exec";
    static final String PORT_FORWARD_NOT_SUPPORTED = "port-forward is not supported on the virtual node: the cloud (ECI) "
            + "has no API to forward a port into an instance; reach the pod through its IP or a Service";
    static final String WEBSOCKET_ONLY = "the virtual node serves exec over WebSocket only (v5.channel.k8s.io, "
            + "v4.channel.k8s.io), as the API server proxies it from Kubernetes 1.36 (ExtendWebSocketsToKubelet); "
            + "this request is not a WebSocket upgrade";

    private final KubernetesClient client;
    private final List<String> nodeNames;
    private final ContainerExec exec;
    private final HandshakeWebSocketService handshake = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy());
    private final HttpClient cloudSockets = HttpClient.create();

    ExecBridge(KubernetesClient client, List<String> nodeNames, ContainerExec exec) {
        this.client = client;
        this.nodeNames = List.copyOf(nodeNames);
        this.exec = exec;
    }

    Mono<ServerResponse> exec(ServerRequest request) {
        if (!isWebSocket(request)) {
            return text(HttpStatus.BAD_REQUEST, WEBSOCKET_ONLY);
        }
        RemoteCommand.Options options;
        try {
            options = RemoteCommand.Options.of(request.queryParams(), true);
        } catch (IllegalArgumentException e) {
            return text(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        String ns = request.pathVariable("namespace");
        String pod = request.pathVariable("pod");
        String container = request.pathVariable("container");
        return handshake.handleRequest(request.exchange(), handler(session -> output(session, ns, pod, container, options)))
                .then(Mono.empty());
    }

    /** Attach: the stream opens and says why it cannot attach, so kubectl prints the reason. */
    Mono<ServerResponse> attach(ServerRequest request) {
        if (!isWebSocket(request)) {
            return text(HttpStatus.BAD_REQUEST, ATTACH_NOT_SUPPORTED);
        }
        return handshake.handleRequest(request.exchange(), handler(session -> Flux.just(RemoteCommand.failure(ATTACH_NOT_SUPPORTED))))
                .then(Mono.empty());
    }

    Mono<ServerResponse> portForward(ServerRequest request) {
        return text(HttpStatus.NOT_IMPLEMENTED, PORT_FORWARD_NOT_SUPPORTED);
    }

    private interface Output {
        Flux<byte[]> of(WebSocketSession session);
    }

    /** Sends what {@code output} gives, then closes; a failure on the way ends it with a Failure status. */
    private static WebSocketHandler handler(Output output) {
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return RemoteCommand.PROTOCOLS;
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                Flux<WebSocketMessage> messages = output.of(session)
                        .onErrorResume(e -> Flux.just(RemoteCommand.failure(messageOf(e))))
                        .map(bytes -> session.binaryMessage(factory -> factory.wrap(bytes)));
                return session.send(messages).then(session.close());
            }
        };
    }

    private Flux<byte[]> output(WebSocketSession session, String ns, String name, String container, RemoteCommand.Options options) {
        Mono<String> instance = Mono.fromCallable(() -> instanceOf(ns, name, container)).subscribeOn(Schedulers.boundedElastic());
        if (options.runToEnd()) {
            return instance.flatMapMany(id -> Mono.fromCallable(() -> exec.run(id, container, options.command()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMapMany(out -> Flux.just(RemoteCommand.frame(options.outputChannel(), out.getBytes(StandardCharsets.UTF_8)),
                            RemoteCommand.success())));
        }
        // read for the whole session, so that the cloud's side ending does not cancel (and so close) this one
        Sinks.Many<byte[]> typed = Sinks.many().unicast().onBackpressureBuffer();
        session.receive().map(ExecBridge::bytesOf).mapNotNull(RemoteCommand::stdinOf)
                .subscribe(typed::tryEmitNext, e -> typed.tryEmitComplete(), typed::tryEmitComplete);
        Flux<byte[]> stdin = typed.asFlux();
        return instance.flatMap(id -> Mono.fromCallable(() -> exec.open(id, container, options.command(), options.tty(), options.stdin()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .flatMapMany(uri -> Flux.concat(bridge(uri, stdin).map(out -> RemoteCommand.frame(options.outputChannel(), out)),
                        Mono.fromSupplier(RemoteCommand::success)));
    }

    /** The cloud's session: {@code stdin} sent to it, what it sends back emitted, until it closes. */
    private Flux<byte[]> bridge(URI uri, Flux<byte[]> stdin) {
        return cloudSockets.websocket().uri(uri).handle((in, out) -> {
            Disposable typing = Mono.from(out.sendObject(stdin.map(b -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b)))))
                    .subscribe(v -> { }, e -> { });
            return in.receive().asByteArray().doFinally(signal -> typing.dispose());
        });
    }

    /** The pod's instance id; the reason, worded for kubectl, when there is none to run in. */
    private String instanceOf(String ns, String name, String container) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        if (pod == null || pod.getSpec() == null || !nodeNames.contains(pod.getSpec().getNodeName())) {
            throw new ContainerExec.ExecUnavailableException("pod " + ns + "/" + name + " is not on this virtual node", null);
        }
        boolean known = pod.getSpec().getContainers().stream().anyMatch(c -> container.equals(c.getName()));
        if (!known) {
            throw new ContainerExec.ExecUnavailableException("container " + container + " is not valid for pod " + name, null);
        }
        String id = PodLifecyclePolicy.instanceId(pod);
        if (id == null) {
            throw new ContainerExec.ExecUnavailableException("pod " + ns + "/" + name
                    + " has no instance yet; commands run once it is Running", null);
        }
        return id;
    }

    private static byte[] bytesOf(WebSocketMessage message) {
        var payload = message.getPayload();
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.read(bytes);
        return bytes;
    }

    private static String messageOf(Throwable e) {
        return e instanceof ContainerExec.ExecUnavailableException ? e.getMessage()
                : "the command could not be run: " + e;
    }

    private static boolean isWebSocket(ServerRequest request) {
        return "websocket".equalsIgnoreCase(request.headers().firstHeader("Upgrade"));
    }

    private static Mono<ServerResponse> text(HttpStatus status, String message) {
        return ServerResponse.status(status).contentType(MediaType.TEXT_PLAIN).bodyValue(message + "\n");
    }

}
