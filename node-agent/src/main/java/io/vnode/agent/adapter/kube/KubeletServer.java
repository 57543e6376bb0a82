package io.vnode.agent.adapter.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vnode.agent.app.AccessReviews;
import io.vnode.agent.app.InstanceMetrics;
import io.vnode.agent.app.ContainerExec;
import io.vnode.agent.app.ContainerLogs;
import io.vnode.agent.app.KubeletAuthorizer;
import io.vnode.agent.app.LogFollow;
import io.vnode.agent.app.LogFollows;
import io.vnode.agent.app.ResourceUsage;
import io.vnode.agent.domain.AccessDecision;
import io.vnode.agent.domain.KubeletAccess;
import io.vnode.agent.domain.LogQuery;
import io.vnode.agent.domain.PodLifecyclePolicy;
import io.vnode.agent.domain.Requester;
import io.vnode.agent.domain.ResourceMetrics;
import java.io.File;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kubelet API the API server calls on the node's daemon endpoint (port 10250): {@code GET
 * /containerLogs/{namespace}/{pod}/{container}} (follow, tailLines, sinceSeconds, sinceTime, limitBytes,
 * timestamps, previous), served from the cloud's DescribeContainerLog ({@link LogFollows}: a followed log is
 * streamed, read again within the log quota until the container ends); {@code GET /metrics/resource} and
 * {@code /stats/summary} (what metrics-server, kubectl top and the HPA read) from the cloud's
 * DescribeMultiContainerGroupMetric ({@link ResourceUsage}); {@code /exec/{namespace}/{pod}/{container}} over
 * WebSocket, bridged to the cloud's ExecContainerCommand ({@link ExecBridge}); attach and port-forward answer
 * why the cloud cannot, and run answers 501. With a certificate it
 * serves TLS, and with a client CA it requires the client certificate the API server presents to kubelets
 * ({@code --kubelet-client-certificate}).
 *
 * <p>With an authorizer every request is authorized as a kubelet in Webhook mode does it: the caller is
 * the client certificate's subject (CN the user, O the groups) or, without one, the user a TokenReview
 * finds for its bearer token (none: 401); the request becomes an access to the node ({@link KubeletAccess});
 * the API server decides (SubjectAccessReview), a refusal answers 403. A request that names a pod is
 * authorized on that pod's node when the pod is on one of this agent's nodes, anything else on the first node.
 */
public class KubeletServer implements AutoCloseable {

    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");
    private static final Pattern POD_PATH = Pattern.compile("^/(?:containerLogs|exec|attach|portForward|run)/([^/]+)/([^/]+)(?:/.*)?$");

    private final KubernetesClient client;
    private final List<String> nodeNames;
    private final LogFollows logs;
    private final ResourceUsage usage;
    private final Instant started = Instant.now();
    private final KubeletAuthorizer authorizer;
    private final ExecBridge exec;
    private final DisposableServer server;

    /**
     * @param authorizer decides who may do what; null allows every request that reaches the port (only
     *     where nothing else can reach it)
     */
    public KubeletServer(KubernetesClient client, List<String> nodeNames, LogFollows logs, ResourceUsage usage,
                         ContainerExec exec, KubeletAuthorizer authorizer,
                         int port, String certFile, String keyFile, String clientCaFile) {
        this.client = client;
        this.exec = new ExecBridge(client, nodeNames, exec);
        this.nodeNames = List.copyOf(nodeNames);
        this.logs = logs;
        this.usage = usage;
        this.authorizer = authorizer;
        HttpServer http = HttpServer.create().port(port)
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes())));
        if (certFile != null && !certFile.isBlank()) {
            SslContext ssl = sslContext(certFile, keyFile, clientCaFile, authorizer == null ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            http = http.secure(spec -> spec.sslContext(ssl));
        }
        this.server = http.bindNow();
    }

    public int port() {
        return server.port();
    }

    RouterFunction<ServerResponse> routes() {
        RouterFunction<ServerResponse> routes = RouterFunctions.route()
                .GET("/containerLogs/{namespace}/{pod}/{container}", this::containerLogs)
                .GET("/metrics/resource", r -> resourceMetrics())
                .GET("/stats/summary", r -> statsSummary())
                .GET("/exec/{namespace}/{pod}/{container}", exec::exec)
                .GET("/exec/{namespace}/{pod}/{uid}/{container}", exec::exec)
                .POST("/exec/**", exec::exec)
                .add(RouterFunctions.route(r -> r.path().startsWith("/attach/"), exec::attach))
                .add(RouterFunctions.route(r -> r.path().startsWith("/portForward/"), exec::portForward))
                .add(RouterFunctions.route(r -> r.path().startsWith("/run/"), r -> notSupported()))
                .add(RouterFunctions.route(r -> true, r -> text(HttpStatus.NOT_FOUND, "404 page not found")))
                .build();
        return authorizer == null ? routes : routes.filter(this::authorized);
    }

    private Mono<ServerResponse> authorized(ServerRequest request, HandlerFunction<ServerResponse> next) {
        return Mono.fromCallable(() -> decide(request))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> refusal.isPresent() ? refusal.get() : next.handle(request));
    }

    /** Empty when the request may go on, else the answer that refuses it. */
    private Optional<Mono<ServerResponse>> decide(ServerRequest request) {
        Optional<Requester> requester = requesterOf(request);
        if (requester.isEmpty()) {
            return Optional.of(text(HttpStatus.UNAUTHORIZED, "Unauthorized: present a client certificate signed by the "
                    + "cluster CA, or a bearer token the API server accepts"));
        }
        KubeletAccess access = KubeletAccess.of(request.method().name(), request.path(), nodeOf(request.path()));
        try {
            AccessDecision decision = authorizer.authorize(requester.get(), access);
            if (decision.allowed()) {
                return Optional.empty();
            }
            return Optional.of(text(HttpStatus.FORBIDDEN, "Forbidden (" + access.describe(requester.get()) + ")"
                    + (decision.reason().isBlank() ? "" : ": " + decision.reason())));
        } catch (AccessReviews.ReviewFailedException e) {
            return Optional.of(text(HttpStatus.INTERNAL_SERVER_ERROR, "Authorization error (" + access.describe(requester.get())
                    + "): " + e.getMessage()));
        }
    }

    private Optional<Requester> requesterOf(ServerRequest request) {
        SslInfo ssl = request.exchange().getRequest().getSslInfo();
        X509Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
        if (chain != null && chain.length > 0) {
            return Optional.of(ClientCertificates.requesterOf(chain[0]));
        }
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            return token.isEmpty() ? Optional.empty() : authorizer.authenticate(token);
        }
        return Optional.empty();
    }

    private String nodeOf(String path) {
        Matcher m = POD_PATH.matcher(path);
        if (m.matches() && nodeNames.size() > 1) {
            Pod pod = client.pods().inNamespace(m.group(1)).withName(m.group(2)).get();
            String node = pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeNames.contains(node)) {
                return node;
            }
        }
        return nodeNames.get(0);
    }

    Mono<ServerResponse> containerLogs(ServerRequest request) {
        String ns = request.pathVariable("namespace");
        String name = request.pathVariable("pod");
        String container = request.pathVariable("container");
        LogQuery query;
        try {
            query = LogQuery.of(request.queryParams().toSingleValueMap(), logs.now());
        } catch (IllegalArgumentException e) {
            return text(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return Mono.fromCallable(() -> {
                    Pod pod = client.pods().inNamespace(ns).withName(name).get();
                    if (pod == null || pod.getSpec() == null || !nodeNames.contains(pod.getSpec().getNodeName())) {
                        throw new ContainerLogs.LogsUnavailableException(404, "pod " + ns + "/" + name + " is not on this virtual node", null);
                    }
                    String instanceId = Optional.ofNullable(PodLifecyclePolicy.instanceId(pod)).orElseThrow(() ->
                            new ContainerLogs.LogsUnavailableException(404, "pod " + ns + "/" + name
                                    + " has no instance yet, so there is no log; try again when it runs", null));
                    LogFollow follow = logs.open(instanceId, container, query,
                            () -> containerEnded(ns, name, pod.getMetadata().getUid(), container));
                    try {
                        return new Opened(follow, follow.next());
                    } catch (RuntimeException e) {
                        follow.close();
                        throw e;
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(opened -> opened.first().last()
                        ? closing(opened.follow(), ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(opened.first().text()))
                        : ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).body(followed(opened), String.class))
                .onErrorResume(ContainerLogs.LogsUnavailableException.class,
                        e -> text(HttpStatus.valueOf(e.httpStatus()), e.getMessage()));
    }

    /** The pods' CPU and memory in the Prometheus text format metrics-server scrapes. */
    Mono<ServerResponse> resourceMetrics() {
        return Mono.fromCallable(usage::current).subscribeOn(Schedulers.boundedElastic())
                .flatMap(pods -> ServerResponse.ok().contentType(PROMETHEUS_TEXT)
                        .bodyValue(ResourceMetrics.prometheus(pods, usage.now())))
                .onErrorResume(InstanceMetrics.Unavailable.class, e -> text(HttpStatus.valueOf(e.httpStatus()), e.getMessage()));
    }

    /** The Summary API: the node and its pods (the node's figures are its pods' sums). */
    Mono<ServerResponse> statsSummary() {
        return Mono.fromCallable(() -> JsonMapper.shared().writeValueAsString(
                        ResourceMetrics.summary(nodeNames.get(0), started, usage.current(), usage.now())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(json -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json))
                .onErrorResume(InstanceMetrics.Unavailable.class, e -> text(HttpStatus.valueOf(e.httpStatus()), e.getMessage()));
    }

    /** A log request and its first read. */
    private record Opened(LogFollow follow, LogFollow.Piece first) {
    }

    private static Mono<ServerResponse> closing(LogFollow follow, Mono<ServerResponse> response) {
        follow.close();
        return response;
    }

    /**
     * The first read, then each next one after the follow's pause, until the log is over or the client
     * goes (the stream is cancelled). A read that fails ends the stream: the client has what came before.
     */
    private static Flux<String> followed(Opened opened) {
        LogFollow follow = opened.follow();
        Flux<LogFollow.Piece> rest = Mono.fromCallable(follow::next)
                .subscribeOn(Schedulers.boundedElastic())
                .delaySubscription(Mono.defer(() -> Mono.delay(follow.pause())))
                .repeat()
                .takeUntil(LogFollow.Piece::last)
                .onErrorResume(ContainerLogs.LogsUnavailableException.class, e -> Flux.empty());
        return Flux.concat(Mono.just(opened.first()), rest)
                .map(LogFollow.Piece::text)
                .filter(t -> !t.isEmpty())
                .doFinally(signal -> follow.close());
    }

    /** True once the container has terminated, or its pod is gone (or is another incarnation). */
    private boolean containerEnded(String ns, String name, String uid, String container) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        if (pod == null || !uid.equals(pod.getMetadata().getUid())) {
            return true;
        }
        if (pod.getStatus() == null) {
            return false;
        }
        String phase = pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return true;
        }
        return pod.getStatus().getContainerStatuses() != null && pod.getStatus().getContainerStatuses().stream()
                .anyMatch(c -> container.equals(c.getName()) && c.getState() != null && c.getState().getTerminated() != null);
    }

    private static Mono<ServerResponse> notSupported() {
        return text(HttpStatus.NOT_IMPLEMENTED, "not supported: run is not served by the virtual node; use kubectl exec");
    }

    private static Mono<ServerResponse> text(HttpStatus status, String message) {
        return ServerResponse.status(status).contentType(MediaType.TEXT_PLAIN).bodyValue(message + "\n");
    }

    /**
     * @param clientAuth REQUIRE when the certificate is the only check; OPTIONAL when requests are authorized
     *     (a bearer token may then stand in for it; a certificate given is still verified against the CA)
     */
    private static SslContext sslContext(String certFile, String keyFile, String clientCaFile, ClientAuth clientAuth) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(new File(certFile), new File(keyFile));
            if (clientCaFile != null && !clientCaFile.isBlank()) {
                b.trustManager(new File(clientCaFile)).clientAuth(clientAuth);
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
