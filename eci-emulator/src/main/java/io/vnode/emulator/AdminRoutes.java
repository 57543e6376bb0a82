package io.vnode.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EmulatorAdmin} over HTTP (JSON), no authentication:
 * <pre>
 * GET    /admin/instances                     all instances
 * GET    /admin/instances/{id}                one instance (404 if none)
 * POST   /admin/instances/{id}/expire         spot reclaim
 * GET    /admin/instance-count-by-tag?key=K   instances per value of tag K
 * GET    /admin/stats                         per-API counters
 * PUT    /admin/rate-limits/{api}             {"permits":100,"windowSeconds":10}
 * DELETE /admin/rate-limits/{api}             no quota for the API
 * PUT    /admin/faults/{api|*}                {"throttle":0.1,"unavailable":0,"internalError":0,"drop":0,"latencyMillis":0}
 * DELETE /admin/faults/{api|*}
 * GET    /admin/faults
 * PUT    /admin/no-stock/{key}                key: spec (2-4Gi), instance type or zone
 * DELETE /admin/no-stock/{key}
 * GET    /admin/no-stock
 * PUT    /admin/disks/{diskId}                {"zoneId":"cn-hangzhou-j","sizeGiB":20}: a cloud disk for DiskVolume
 * POST   /admin/reset
 * </pre>
 */
final class AdminRoutes {

    private final Admin admin;
    private final JsonMapper json;

    AdminRoutes(Admin admin, JsonMapper json) {
        this.admin = admin;
        this.json = json;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/admin/instances", r -> ok(admin.instances()))
                .GET("/admin/instances/{id}", r -> admin.instance(r.pathVariable("id")).map(this::ok)
                        .orElseGet(() -> error(HttpStatus.NOT_FOUND, "no instance " + r.pathVariable("id"))))
                .POST("/admin/instances/{id}/expire", r -> ok(Map.of("expired", admin.expire(r.pathVariable("id")))))
                .GET("/admin/instance-count-by-tag", r -> ok(admin.instanceCountByTag(r.queryParam("key").orElse("k8s-pod-uid"))))
                .GET("/admin/stats", r -> ok(admin.stats()))
                .PUT("/admin/rate-limits/{api}", r -> body(r).flatMap(m -> {
                    admin.setRateLimit(r.pathVariable("api"), ((Number) m.get("permits")).intValue(),
                            Duration.ofMillis((long) (((Number) m.getOrDefault("windowSeconds", 60)).doubleValue() * 1000)));
                    return ok(Map.of("ok", true));
                }))
                .DELETE("/admin/rate-limits/{api}", r -> {
                    admin.clearRateLimit(r.pathVariable("api"));
                    return ok(Map.of("ok", true));
                })
                .PUT("/admin/faults/{api}", r -> body(r).flatMap(m -> {
                    admin.setFaults(r.pathVariable("api"), new FaultSettings(d(m, "throttle"), d(m, "unavailable"),
                            d(m, "internalError"), d(m, "drop"), Duration.ofMillis((long) d(m, "latencyMillis"))));
                    return ok(Map.of("ok", true));
                }))
                .DELETE("/admin/faults/{api}", r -> {
                    admin.setFaults(r.pathVariable("api"), FaultSettings.NONE);
                    return ok(Map.of("ok", true));
                })
                .GET("/admin/faults", r -> ok(admin.faults()))
                .PUT("/admin/no-stock/{key}", r -> {
                    admin.setNoStock(r.pathVariable("key"), true);
                    return ok(Map.of("ok", true));
                })
                .DELETE("/admin/no-stock/{key}", r -> {
                    admin.setNoStock(r.pathVariable("key"), false);
                    return ok(Map.of("ok", true));
                })
                .GET("/admin/no-stock", r -> ok(List.copyOf(admin.noStock())))
                .PUT("/admin/disks/{diskId}", r -> body(r).flatMap(m -> {
                    admin.createDisk(r.pathVariable("diskId"), (String) m.get("zoneId"),
                            ((Number) m.get("sizeGiB")).intValue());
                    return ok(Map.of("ok", true));
                }))
                .POST("/admin/reset", r -> {
                    admin.reset();
                    return ok(Map.of("ok", true));
                })
                .onError(IllegalArgumentException.class, (e, r) -> error(HttpStatus.BAD_REQUEST, e.getMessage()))
                .onError(ClassCastException.class, (e, r) -> error(HttpStatus.BAD_REQUEST, "bad JSON field type"))
                .onError(NullPointerException.class, (e, r) -> error(HttpStatus.BAD_REQUEST, "missing JSON field"))
                .onError(JacksonException.class, (e, r) -> error(HttpStatus.BAD_REQUEST, e.getOriginalMessage()))
                .build();
    }

    private static double d(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    private Mono<Map<String, Object>> body(ServerRequest r) {
        return r.bodyToMono(String.class).defaultIfEmpty("{}")
                .map(s -> json.readValue(s, new TypeReference<Map<String, Object>>() { }));
    }

    private Mono<ServerResponse> ok(Object value) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeValueAsBytes(value));
    }

    private Mono<ServerResponse> error(HttpStatus status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(m));
    }
}
