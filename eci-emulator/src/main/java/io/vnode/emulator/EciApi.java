package io.vnode.emulator;

import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The ECI OpenAPI: authenticates a call, applies its API's quota and faults, hands it to the family that
 * serves its Action and renders the answer or the cloud's error, counting both. Thread-safe; every call is
 * CPU-only and short, so it runs on the server's event loop.
 */
final class EciApi {

    /** The API a call without an Action is counted under. */
    static final String NO_ACTION = "(none)";

    /** A rendered answer, to be sent after {@code latency}. */
    record Outcome(int status, Map<String, Object> body, Duration latency) {
    }

    private final EmulatorSettings settings;
    private final RequestAuthenticator authenticator;
    private final ApiQuotas quotas;
    private final FaultInjector faults;
    private final ApiCounters counters;
    private final ContainerGroupLifecycle lifecycle;
    private final ContainerGroupQueries queries;
    private final ContainerLogs logs;
    private final ContainerMetrics metrics;
    private final ContainerExec exec;

    EciApi(EmulatorSettings settings, RequestAuthenticator authenticator, ApiQuotas quotas, FaultInjector faults,
           ApiCounters counters, ContainerGroupLifecycle lifecycle, ContainerGroupQueries queries, ContainerLogs logs,
           ContainerMetrics metrics, ContainerExec exec) {
        this.exec = exec;
        this.settings = settings;
        this.authenticator = authenticator;
        this.quotas = quotas;
        this.faults = faults;
        this.counters = counters;
        this.lifecycle = lifecycle;
        this.queries = queries;
        this.logs = logs;
        this.metrics = metrics;
    }

    Outcome call(String httpMethod, Params p) {
        String requestId = UUID.randomUUID().toString().toUpperCase();
        String action = p.get("Action");
        String api = apiOf(action);
        FaultSettings f = faults.of(api);
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.putAll(serve(httpMethod, action, p, f));
            counters.served(api);
            return new Outcome(200, body, f.addedLatency());
        } catch (ApiException e) {
            counters.failed(api, e.code());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.put("HostId", "eci." + settings.regionId() + ".aliyuncs.com");
            body.put("Code", e.code());
            body.put("Message", e.getMessage());
            return new Outcome(e.httpStatus(), body, f.addedLatency());
        }
    }

    /** Whether to close this call's connection unanswered (the drop fault). */
    boolean shouldDrop(String action) {
        String api = apiOf(action);
        boolean drop = faults.drops(faults.of(api));
        if (drop) {
            counters.dropped(api);
        }
        return drop;
    }

    private Map<String, Object> serve(String httpMethod, String action, Params p, FaultSettings f) {
        if (action == null) {
            throw ApiException.missing("Action");
        }
        if (settings.checkSignature()) {
            authenticator.authenticate(httpMethod, p);
        }
        if (!quotas.tryAcquire(action)) {
            throw ApiException.throttled();
        }
        faults.injectErrors(f);
        return dispatch(action, p);
    }

    private Map<String, Object> dispatch(String action, Params p) {
        return switch (action) {
            case "CreateContainerGroup" -> lifecycle.create(p);
            case "DeleteContainerGroup" -> lifecycle.delete(p);
            case "UpdateContainerGroup" -> lifecycle.update(p);
            case "DescribeContainerGroups" -> queries.describeGroups(p);
            case "DescribeContainerGroupStatus" -> queries.describeStatus(p);
            case "DescribeContainerGroupEvents" -> queries.describeEvents(p);
            case "DescribeContainerLog" -> logs.describe(p);
            case "DescribeMultiContainerGroupMetric" -> metrics.describeMulti(p);
            case "ExecContainerCommand" -> exec.exec(p);
            default -> throw new ApiException(404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.");
        };
    }

    private static String apiOf(String action) {
        return action == null ? NO_ACTION : action;
    }
}
