package io.vnode.agent.adapter.cloud;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.eci.model.v20180808.ExecContainerCommandRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpResponse;
import io.vnode.agent.app.ContainerExec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ExecContainerCommand through aliyun-java-sdk-eci 1.0.13, whose request has ContainerGroupId,
 * ContainerName, Command and TTY; {@code Stdin} and {@code Sync} are newer API parameters sent as query
 * parameters of the same signed call, and the answer ({@code SyncResponse}, {@code WebSocketUri}) is read
 * from the HTTP body, which keeps the cloud's code and message on a refusal.
 */
public class EciContainerExec implements ContainerExec {

    private final SignedClient signed;

    public EciContainerExec(AccessKeys keys, String regionId, String endpoint, String protocol) {
        this.signed = new SignedClient(keys, regionId, endpoint, protocol);
    }

    @Override
    public String run(String instanceId, String container, List<String> command) {
        ExecContainerCommandRequest request = request(instanceId, container, command, false);
        request.putQueryParameter("Stdin", "false");
        request.putQueryParameter("Sync", "true");
        return send(request, instanceId, container).path("SyncResponse").asString("");
    }

    @Override
    public URI open(String instanceId, String container, List<String> command, boolean tty, boolean stdin) {
        ExecContainerCommandRequest request = request(instanceId, container, command, tty);
        request.putQueryParameter("Stdin", Boolean.toString(stdin));
        String uri = send(request, instanceId, container).path("WebSocketUri").asString("");
        if (uri.isBlank()) {
            throw new ExecUnavailableException("the cloud started the command in " + instanceId + "/" + container
                    + " but returned no WebSocketUri to reach it", null);
        }
        return URI.create(uri.trim());
    }

    private ExecContainerCommandRequest request(String instanceId, String container, List<String> command, boolean tty) {
        ExecContainerCommandRequest request = signed.to(new ExecContainerCommandRequest());
        request.setContainerGroupId(instanceId);
        request.setContainerName(container);
        request.setCommand(JsonMapper.shared().writeValueAsString(command));
        request.setTTY(tty);
        return request;
    }

    private JsonNode send(ExecContainerCommandRequest request, String instanceId, String container) {
        DefaultAcsClient client = signed.client().orElseThrow(() -> new ExecUnavailableException(
                "no cloud AccessKey configured (vnode.cloud.access-key-id or the credentials Secret): commands cannot be run", null));
        HttpResponse response;
        try {
            response = client.doAction(request);
        } catch (ClientException e) {
            throw new ExecUnavailableException("the cloud could not be reached to run a command in " + instanceId + "/"
                    + container + ": " + e.getErrCode() + " " + e.getErrMsg(), e);
        }
        byte[] content = response.getHttpContent();
        String body = content == null ? "" : new String(content, StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = JsonMapper.shared().readTree(body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            json = JsonMapper.shared().createObjectNode();
        }
        if (!response.isSuccess()) {
            String code = json.path("Code").asString("");
            if (EciErrors.isCredentialError(code)) {
                signed.keyRefused();
            }
            throw new ExecUnavailableException("the cloud refused to run the command in " + instanceId + "/" + container + ": "
                    + (code.isEmpty() ? "HTTP " + response.getStatus() + " " + cut(body) : code + " " + json.path("Message").asString("")),
                    null);
        }
        return json;
    }

    private static String cut(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
