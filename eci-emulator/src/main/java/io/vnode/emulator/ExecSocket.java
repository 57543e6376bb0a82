package io.vnode.emulator;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.vnode.emulator.protocol.Params;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The WebSocket an ExecContainerCommand answer points at ({@code /exec/?s=<token>}): binary frames of raw
 * bytes both ways ({@link ExecSession}); the server closes with 1000 when the command ends. An unknown,
 * used or expired token is refused with 403 before the upgrade.
 */
final class ExecSocket {

    private ExecSocket() {
    }

    static boolean matches(String uri) {
        return uri.startsWith("/exec/") || uri.startsWith("/exec?");
    }

    static Publisher<Void> serve(ContainerExec exec, HttpServerRequest req, HttpServerResponse res) {
        int q = req.uri().indexOf('?');
        String token = q < 0 ? null : Params.parse(req.uri().substring(q + 1)).get("s");
        Optional<ContainerExec.Session> session = exec.claim(token);
        if (session.isEmpty()) {
            return res.status(HttpResponseStatus.FORBIDDEN)
                    .sendString(Mono.just("the exec URL is unknown, used or expired (each is valid once, for 30 s)\n")).then();
        }
        return res.sendWebsocket((in, out) -> {
            ExecSession s = new ExecSession(session.get());
            Sinks.Many<byte[]> output = Sinks.many().unicast().onBackpressureBuffer();
            output.tryEmitNext(s.start());
            if (s.ended()) {
                output.tryEmitComplete();
            }
            Mono<Void> reading = in.receive().asByteArray().doOnNext(typed -> {
                s.feed(typed).forEach(output::tryEmitNext);
                if (s.ended()) {
                    output.tryEmitComplete();
                }
            }).doOnTerminate(output::tryEmitComplete).then();
            Mono<Void> writing = Mono.from(out.sendObject(output.asFlux().filter(b -> b.length > 0)
                    .map(b -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b))))).then(out.sendClose(1000, "exited"));
            return Mono.firstWithSignal(writing, reading.then(Mono.never())).onErrorResume(e -> Mono.empty());
        });
    }
}
