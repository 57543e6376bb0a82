package io.vnode.executor.adapter.cloud;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.eci.model.v20180808.CreateContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.DeleteContainerGroupRequest;
import com.aliyuncs.eci.model.v20180808.UpdateContainerGroupRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vnode.contracts.EventCodec;
import io.vnode.contracts.instance.InstanceRequest;
import io.vnode.contracts.instance.InstanceSpec;
import io.vnode.executor.app.CloudInstances;
import io.vnode.executor.domain.AdaptiveRateLimiter;
import io.vnode.executor.domain.CloudError;
import io.vnode.executor.domain.CloudException;
import io.vnode.executor.domain.CloudInstance;
import io.vnode.executor.domain.ResolvedReferences;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The only class that calls the ECI OpenAPI (aliyun-java-sdk-core 4.7.10 + aliyun-java-sdk-eci
 * 1.0.13), behind the {@link CloudInstances} port. Every call blocks the calling thread: it waits
 * for its API's limiter slot, runs the SDK call, maps failures to {@link CloudException} with a
 * {@link CloudError} ({@link EciErrorCodes}: ServerException first, then ClientException, by
 * {@code getErrCode()}; SDK.* codes are transient), feeds throttling back to the limiter, and counts
 * calls, throttles and in-flight calls. Thread-safe. It never retries (callers decide) and never
 * logs a request parameter. The create parameters are encoded here ({@link CreateParameters}).
 *
 * <p>Create and delete use the typed model requests; parameters the 1.0.13 model lacks
 * (InstanceType, ComputeClass, Force, ...) go through {@code putQueryParameter} by their API name.
 * DescribeContainerGroupStatus/Events are not in the model and DescribeContainerGroups' model
 * drops fields the watcher needs (InstanceType, Ready, FailedTime, ExpiredTime), so those three
 * are {@link CommonRequest}s. Every answer is read here from the HTTP response ({@code doAction}):
 * a refusal keeps the cloud's code, or, without one, its HTTP status and body ({@link CloudAnswers}).
 */
public class EciCloudClient implements CloudInstances {

    private final EciEndpoint props;
    private final String clusterId;
    private final CloudCredentials credentials;
    private final CloudLimiters limiters;
    private final MeterRegistry meters;
    private final Map<CloudApi, AtomicInteger> inFlight = new EnumMap<>(CloudApi.class);
    private volatile ClientHolder holder;

    private record ClientHolder(AccessKey key, DefaultAcsClient client) {
    }

    /** @param clusterId the value of the cluster tag stamped on every instance created */
    public EciCloudClient(EciEndpoint props, String clusterId, CloudCredentials credentials, CloudLimiters limiters,
                          MeterRegistry meters) {
        this.props = props;
        this.clusterId = clusterId;
        this.credentials = credentials;
        this.limiters = limiters;
        this.meters = meters;
        for (CloudApi api : CloudApi.values()) {
            AtomicInteger gauge = new AtomicInteger();
            inFlight.put(api, gauge);
            meters.gauge("vnode.cloud.inflight", List.of(io.micrometer.core.instrument.Tag.of("api", api.action())), gauge);
        }
    }

    /**
     * CreateContainerGroup: the request, spec, token and resolved references as flat parameters; the
     * cluster tag is this executor's cluster id, whatever the request carries.
     */
    @Override
    public Created create(InstanceRequest request, InstanceSpec spec, String clientToken, ResolvedReferences references) {
        String regionId = request.regionId();
        Map<String, String> parameters = CreateParameters.of(request, spec, clientToken, references, clusterId);
        return call(CloudApi.CREATE_CONTAINER_GROUP, client -> {
            FormCreateRequest req = new FormCreateRequest();
            target(req, regionId);
            req.setSysMethod(MethodType.POST);
            req.putAllInBody(parameters);
            JsonNode body = EventCodec.mapper().readTree(send(client, req));
            return new Created(CloudJson.text(body, "ContainerGroupId"), CloudJson.text(body, "RequestId"));
        });
    }

    /** DeleteContainerGroup; returns the request id. NotFound is reported as such (callers treat it as success). */
    @Override
    public String delete(String regionId, String instanceId, boolean force) {
        return call(CloudApi.DELETE_CONTAINER_GROUP, client -> {
            DeleteContainerGroupRequest req = new DeleteContainerGroupRequest();
            target(req, regionId);
            req.putQueryParameter("RegionId", regionId);
            req.setContainerGroupId(instanceId);
            if (force) {
                req.putQueryParameter("Force", "true");
            }
            return CloudJson.text(EventCodec.mapper().readTree(send(client, req)), "RequestId");
        });
    }

    /** One page (at most 20) of DescribeContainerGroups filtered by tags and/or ids (at most 20). */
    @Override
    public Page<CloudInstance> describe(String regionId, Map<String, String> tags, List<String> ids, String nextToken) {
        return call(CloudApi.DESCRIBE_CONTAINER_GROUPS, client -> {
            CommonRequest req = common(CloudApi.DESCRIBE_CONTAINER_GROUPS, regionId);
            req.putQueryParameter("Limit", "20");
            tags(req, tags);
            if (ids != null && !ids.isEmpty()) {
                req.putQueryParameter("ContainerGroupIds", EventCodec.mapper().writeValueAsString(ids));
            }
            if (nextToken != null && !nextToken.isEmpty()) {
                req.putQueryParameter("NextToken", nextToken);
            }
            JsonNode body = EventCodec.mapper().readTree(send(client, req.buildRequest()));
            List<CloudInstance> items = new ArrayList<>();
            for (JsonNode group : body.path("ContainerGroups")) {
                items.add(CloudJson.instance(group, regionId));
            }
            return new Page<>(items, CloudJson.text(body, "NextToken"));
        });
    }

    /** DescribeContainerGroups of one instance, for the Path, Content and Mode of its ConfigFileVolumes' files. */
    @Override
    public Map<String, List<ConfigFile>> configFiles(String regionId, String instanceId) {
        return call(CloudApi.DESCRIBE_CONTAINER_GROUPS, client -> {
            CommonRequest req = common(CloudApi.DESCRIBE_CONTAINER_GROUPS, regionId);
            req.putQueryParameter("ContainerGroupIds", EventCodec.mapper().writeValueAsString(List.of(instanceId)));
            JsonNode body = EventCodec.mapper().readTree(send(client, req.buildRequest()));
            for (JsonNode group : body.path("ContainerGroups")) {
                if (instanceId.equals(CloudJson.text(group, "ContainerGroupId"))) {
                    return CloudJson.configFiles(group);
                }
            }
            throw new Refused(new CloudAnswers.Refusal(404, "InvalidContainerGroup.NotFound",
                    "ContainerGroupId " + instanceId + " not found", CloudJson.text(body, "RequestId")));
        });
    }

    /** UpdateContainerGroup with the volumes' files and the tags, in the body (a token does not fit a URL). */
    @Override
    public String updateConfigFiles(String regionId, String instanceId, Map<String, List<ConfigFile>> volumes,
                                    Map<String, String> tags, String clientToken) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("RegionId", regionId);
        parameters.put("ContainerGroupId", instanceId);
        parameters.put("ClientToken", clientToken);
        int n = 0;
        for (Map.Entry<String, List<ConfigFile>> v : new TreeMap<>(volumes).entrySet()) {
            String k = "Volume." + (++n) + ".";
            parameters.put(k + "Name", v.getKey());
            parameters.put(k + "Type", "ConfigFileVolume");
            int f = 0;
            for (ConfigFile file : v.getValue()) {
                String fk = k + "ConfigFileVolume.ConfigFileToPath." + (++f) + ".";
                parameters.put(fk + "Path", file.path());
                parameters.put(fk + "Content", file.contentBase64());
                if (file.mode() != null) {
                    parameters.put(fk + "Mode", file.mode());
                }
            }
        }
        n = 0;
        for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
            parameters.put("Tag." + (++n) + ".Key", tag.getKey());
            parameters.put("Tag." + n + ".Value", tag.getValue());
        }
        return call(CloudApi.UPDATE_CONTAINER_GROUP, client -> {
            FormUpdateRequest req = new FormUpdateRequest();
            target(req, regionId);
            req.setSysMethod(MethodType.POST);
            req.putAllInBody(parameters);
            return CloudJson.text(EventCodec.mapper().readTree(send(client, req)), "RequestId");
        });
    }

    /** Ids of instances whose status changed in the last {@code sinceSeconds} (DescribeContainerGroupStatus, pages of 200). */
    @Override
    public Page<String> changedStatus(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
        return idPage(CloudApi.DESCRIBE_CONTAINER_GROUP_STATUS, regionId, sinceSeconds, tags, nextToken);
    }

    /** Ids of instances with events in the last {@code sinceSeconds} (DescribeContainerGroupEvents, pages of 200). */
    @Override
    public Page<String> changedEvents(String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
        return idPage(CloudApi.DESCRIBE_CONTAINER_GROUP_EVENTS, regionId, sinceSeconds, tags, nextToken);
    }

    private Page<String> idPage(CloudApi api, String regionId, long sinceSeconds, Map<String, String> tags, String nextToken) {
        return call(api, client -> {
            CommonRequest req = common(api, regionId);
            req.putQueryParameter("Limit", "200");
            req.putQueryParameter("SinceSecond", Long.toString(sinceSeconds));
            tags(req, tags);
            if (nextToken != null && !nextToken.isEmpty()) {
                req.putQueryParameter("NextToken", nextToken);
            }
            JsonNode body = EventCodec.mapper().readTree(send(client, req.buildRequest()));
            Set<String> ids = new LinkedHashSet<>();
            for (JsonNode item : body.path("Data")) {
                String id = CloudJson.text(item, "ContainerGroupId");
                if (id != null) {
                    ids.add(id);
                }
            }
            return new Page<>(List.copyOf(ids), CloudJson.text(body, "NextToken"));
        });
    }

    /** A refusal of the cloud (an answer outside 2xx), as {@link CloudAnswers} reads it. */
    private static final class Refused extends Exception {
        final transient CloudAnswers.Refusal refusal;

        Refused(CloudAnswers.Refusal refusal) {
            super(null, null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * Sends one request and returns the body of a 2xx answer. Any other answer is thrown as {@link
     * Refused} with the cloud's code, or, when it gave none, with the HTTP status and the body (the
     * SDK's own parsing would leave both null).
     */
    private static String send(DefaultAcsClient client, AcsRequest<?> req) throws Exception {
        HttpResponse resp = client.doAction(req);
        byte[] content = resp.getHttpContent();
        String body = content == null ? "" : new String(content, StandardCharsets.UTF_8);
        if (!resp.isSuccess()) {
            throw new Refused(CloudAnswers.refusal(resp.getStatus(), body));
        }
        return body;
    }

    private CommonRequest common(CloudApi api, String regionId) {
        CommonRequest req = new CommonRequest();
        req.setSysProduct("Eci");
        req.setSysVersion("2018-08-08");
        req.setSysAction(api.action());
        req.setSysRegionId(regionId);
        req.setSysDomain(props.endpointFor(regionId));
        req.setSysProtocol(protocol());
        req.setSysMethod(MethodType.POST);
        req.putQueryParameter("RegionId", regionId);
        return req;
    }

    private void target(AcsRequest<?> req, String regionId) {
        req.setSysEndpoint(props.endpointFor(regionId));
        req.setSysProtocol(protocol());
        req.setSysRegionId(regionId);
    }

    private static void tags(CommonRequest req, Map<String, String> tags) {
        int n = 0;
        if (tags != null) {
            for (Map.Entry<String, String> t : tags.entrySet()) {
                n++;
                req.putQueryParameter("Tag." + n + ".Key", t.getKey());
                req.putQueryParameter("Tag." + n + ".Value", t.getValue());
            }
        }
    }

    private ProtocolType protocol() {
        return "HTTP".equalsIgnoreCase(props.protocol()) ? ProtocolType.HTTP : ProtocolType.HTTPS;
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run(DefaultAcsClient client) throws Exception;
    }

    /** Waits for the API's limiter slot, then runs the SDK call on the calling thread. */
    private <T> T call(CloudApi api, SdkCall<T> sdkCall) {
        AdaptiveRateLimiter limiter = limiters.get(api);
        long wait = limiter.reserve(System.nanoTime());
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException(api.action(), new CloudError.Transient("SDK.Interrupted",
                        "interrupted while waiting for a rate-limit slot"), null, e);
            }
        }
        return invoke(api, sdkCall);
    }

    private <T> T invoke(CloudApi api, SdkCall<T> sdkCall) {
        AtomicInteger gauge = inFlight.get(api);
        gauge.incrementAndGet();
        try {
            DefaultAcsClient client = client(api);
            T result = sdkCall.run(client);
            limiters.get(api).onSuccess(System.nanoTime());
            count(api, "success");
            return result;
        } catch (CloudException e) {
            count(api, outcome(e.error()));
            throw e;
        } catch (Refused e) {
            CloudAnswers.Refusal r = e.refusal;
            throw failed(api, r.code(), redact(r.message()), r.requestId(), r.status(), e);
        } catch (ServerException e) {
            throw failed(api, e.getErrCode(), redact(e.getErrMsg()), e.getRequestId(), 500, e);
        } catch (ClientException e) {
            String code = e.getErrCode();
            if (e.getCause() != null) {
                org.slf4j.LoggerFactory.getLogger(EciCloudClient.class).debug("{} {}: cause {}", api.action(), code,
                        redact(String.valueOf(e.getCause())));
            }
            int status = code != null && code.startsWith("SDK.") ? -1 : 400;
            throw failed(api, code, redact(e.getErrMsg()), e.getRequestId(), status, e);
        } catch (Exception e) {
            // unreadable answer (not JSON), I/O below the SDK: retry like a 5xx
            throw failed(api, "SDK.UnreadableResponse", redact(e.getClass().getSimpleName() + ": " + e.getMessage()), null, -1, e);
        } finally {
            gauge.decrementAndGet();
        }
    }

    private CloudException failed(CloudApi api, String code, String message, String requestId, int status, Exception cause) {
        CloudError error = EciErrorCodes.classify(code, message, status);
        if (error instanceof CloudError.Throttled) {
            limiters.get(api).onThrottled(System.nanoTime());
            Counter.builder("vnode.cloud.throttles").tag("api", api.action()).register(meters).increment();
        }
        if (error instanceof CloudError.CredentialsRefused) {
            credentials.invalidate(); // the next call reads the Secret again: a rotated key is picked up
        }
        count(api, outcome(error));
        return new CloudException(api.action(), error, requestId, null);
    }

    /**
     * The SDK puts the whole request URL (every query parameter, secret values included) into
     * SDK.* messages such as "Server unreachable: connection http://host/?...": cut the query, and
     * a signature-mismatch message's string-to-sign, before the message goes anywhere.
     */
    static String redact(String message) {
        if (message == null) {
            return null;
        }
        String m = message.replaceAll("\\?[^\\s]*", "?<query redacted>");
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        int sts = Math.max(lower.indexOf("string to sign"), lower.indexOf("stringtosign"));
        if (sts >= 0) {
            m = m.substring(0, sts) + "string to sign <redacted>";
        }
        return m.length() > 500 ? m.substring(0, 500) : m;
    }

    private void count(CloudApi api, String outcome) {
        Counter.builder("vnode.cloud.calls").description("cloud API calls by outcome")
                .tag("api", api.action()).tag("outcome", outcome).register(meters).increment();
    }

    private static String outcome(CloudError error) {
        return error.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private DefaultAcsClient client(CloudApi api) {
        AccessKey key = credentials.current().orElseThrow(() -> new CloudException(api.action(),
                new CloudError.Transient("Credentials.Missing", "no AccessKey: neither the Secret nor the environment holds one"),
                null, null));
        ClientHolder h = holder;
        if (h != null && h.key().equals(key)) {
            return h.client();
        }
        synchronized (this) {
            h = holder;
            if (h != null && h.key().equals(key)) {
                return h.client();
            }
            DefaultProfile profile = DefaultProfile.getProfile(props.regionId(), key.id(), key.secret());
            profile.getHttpClientConfig().setConnectionTimeoutMillis(props.connectTimeout().toMillis());
            profile.getHttpClientConfig().setReadTimeoutMillis(props.readTimeout().toMillis());
            profile.getHttpClientConfig().setProtocolType(protocol());
            DefaultAcsClient client = new DefaultAcsClient(profile);
            client.setAutoRetry(false);
            // no shutdown() of the previous client: core 4.x shares one ApacheHttpClient per JVM, and
            // shutting one DefaultAcsClient down closes the connection pool under every other
            holder = new ClientHolder(key, client);
            return client;
        }
    }

    /** Forgets the client; the SDK's JVM-wide HTTP client is left open (see {@link #client}). */
    public void close() {
        holder = null;
    }

    /**
     * CreateContainerGroup with its parameters in the form body (the signature covers them as it covers the
     * query): config files and service-account tokens would make the URL too long (HTTP 414).
     */
    private static final class FormCreateRequest extends CreateContainerGroupRequest {
        void putAllInBody(Map<String, String> parameters) {
            parameters.forEach(this::putBodyParameter);
        }
    }

    /** UpdateContainerGroup with its parameters in the form body, for the same reason. */
    private static final class FormUpdateRequest extends UpdateContainerGroupRequest {
        void putAllInBody(Map<String, String> parameters) {
            parameters.forEach(this::putBodyParameter);
        }
    }
}
