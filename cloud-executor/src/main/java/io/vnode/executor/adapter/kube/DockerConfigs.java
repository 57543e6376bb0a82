package io.vnode.executor.adapter.kube;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.executor.domain.RegistryCredential;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Registry logins from an imagePullSecret: {@code .dockerconfigjson}
 * ({"auths":{server:{username,password}|{auth}}}) or legacy {@code .dockercfg}. A Secret that
 * cannot be read is a problem naming the Secret and what is wrong with it, never the parser's
 * message (which quotes the Secret's text). Pure; thread-safe.
 */
final class DockerConfigs {

    /** The logins, or the problem that made the Secret unusable. */
    record Parsed(List<RegistryCredential> credentials, String problem) {
    }

    private DockerConfigs() {
    }

    static Parsed parse(ObjectRef secret, Map<String, byte[]> data) {
        String name = "imagePullSecret " + secret.namespace() + "/" + secret.name();
        byte[] json = data.get(".dockerconfigjson");
        String key = json != null ? ".dockerconfigjson" : ".dockercfg";
        byte[] content = json != null ? json : data.get(".dockercfg");
        if (content == null) {
            return new Parsed(List.of(), null);
        }
        JsonNode auths;
        try {
            JsonNode root = EventCodec.mapper().readTree(content);
            auths = json != null ? root.path("auths") : root;
        } catch (RuntimeException e) {
            return new Parsed(List.of(), name + ": " + key + " is not valid JSON");
        }
        List<RegistryCredential> creds = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = auths.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode entry = e.getValue();
            String user = text(entry, "username");
            String pass = text(entry, "password");
            if ((user == null || pass == null) && text(entry, "auth") != null) {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(text(entry, "auth")), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException notBase64) {
                    return new Parsed(List.of(), name + ": the auth of a registry in " + key + " is not valid base64");
                }
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    pass = decoded.substring(colon + 1);
                }
            }
            creds.add(new RegistryCredential(server(e.getKey()), user, pass));
        }
        return new Parsed(creds, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }

    /** "https://registry.example.com/v1/" -> "registry.example.com" (ECI wants the host). */
    private static String server(String key) {
        String s = key.replaceFirst("^https?://", "");
        int slash = s.indexOf('/');
        return slash > 0 ? s.substring(0, slash) : s;
    }
}
