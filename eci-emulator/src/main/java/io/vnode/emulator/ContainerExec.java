package io.vnode.emulator;

import io.vnode.emulator.domain.ContainerRuntime;
import io.vnode.emulator.domain.Instance;
import io.vnode.emulator.domain.InstanceStatus;
import io.vnode.emulator.protocol.ApiException;
import io.vnode.emulator.protocol.Params;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ExecContainerCommand: a command in a running container. With {@code Sync=true} (TTY must be false) the
 * output is the answer's {@code SyncResponse}; otherwise the answer's {@code WebSocketUri} (and
 * {@code HttpUrl}) open a session on {@link ExecSocket}, once, within 30 s. Command is a JSON array of at
 * most 20 strings of at most 256 characters. Thread-safe.
 */
final class ContainerExec {

    static final Duration URI_VALIDITY = Duration.ofSeconds(30);
    static final int MAX_WORDS = 20;
    static final int MAX_WORD_LENGTH = 256;

    /** A session the WebSocketUri opens. */
    record Session(String instanceId, String hostname, String container, List<String> command, boolean tty,
                   boolean stdin, long expiresAt) {
    }

    private final InstanceStore store;
    private final Clock clock;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> pending = new ConcurrentHashMap<>();
    private volatile String base = "http://127.0.0.1";

    ContainerExec(InstanceStore store, Clock clock, JsonMapper json) {
        this.store = store;
        this.clock = clock;
        this.json = json;
    }

    /** Where the emulator is reached ({@code http://host:port}), for the URLs it hands out. */
    void baseUrl(String url) {
        base = url;
    }

    Map<String, Object> exec(Params p) {
        Instance i = store.named(p);
        String name = p.get("ContainerName");
        if (name == null) {
            throw ApiException.missing("ContainerName");
        }
        List<String> command = command(p.get("Command"));
        boolean tty = flag(p, "TTY", false);
        boolean stdin = flag(p, "Stdin", true);
        boolean sync = flag(p, "Sync", false);
        if (sync && tty) {
            throw ApiException.invalid("TTY", "TTY must be false when Sync is true.");
        }
        synchronized (i) {
            if (i.status() != InstanceStatus.RUNNING) {
                throw new ApiException(400, "IncorrectStatus", "The container group " + i.id + " is "
                        + i.status().wire() + "; commands run only in a Running container group.");
            }
            ContainerRuntime c = i.containers.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> ApiException.invalid("ContainerName", "No container " + name + " in " + i.id + "."));
            if (c.state() != ContainerRuntime.State.RUNNING) {
                throw new ApiException(400, "IncorrectStatus", "The container " + name + " of " + i.id + " is not running.");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (sync) {
            out.put("SyncResponse", new ExecShell(i.name).run(command, "").output());
            return out;
        }
        String token = token();
        long now = clock.millis();
        pending.values().removeIf(s -> s.expiresAt() < now); // URLs never opened
        pending.put(token, new Session(i.id, i.name, name, command, tty, stdin, now + URI_VALIDITY.toMillis()));
        out.put("WebSocketUri", base.replaceFirst("^http", "ws") + "/exec/?s=" + token);
        out.put("HttpUrl", base + "/terminal?param=" + token);
        return out;
    }

    /** The session of {@code token}, once, while it is valid. */
    Optional<Session> claim(String token) {
        Session s = token == null ? null : pending.remove(token);
        return s == null || s.expiresAt() < clock.millis() ? Optional.empty() : Optional.of(s);
    }

    private List<String> command(String text) {
        if (text == null) {
            throw ApiException.missing("Command");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            throw ApiException.invalid("Command", "Expected a JSON array of strings, e.g. [\"/bin/sh\", \"-c\", \"ls -a\"].");
        }
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiException.invalid("Command", "Expected a JSON array of strings, e.g. [\"/bin/sh\", \"-c\", \"ls -a\"].");
        }
        if (node.size() > MAX_WORDS) {
            throw new ApiException(400, "InvalidParameter.ValueExceeded", "Command has " + node.size()
                    + " elements; at most " + MAX_WORDS + " are allowed.");
        }
        List<String> words = new ArrayList<>();
        for (JsonNode w : node) {
            if (!w.isString()) {
                throw ApiException.invalid("Command", "Expected a JSON array of strings.");
            }
            if (w.asString().length() > MAX_WORD_LENGTH) {
                throw new ApiException(400, "InvalidParameter.ValueExceeded", "A command element has "
                        + w.asString().length() + " characters; at most " + MAX_WORD_LENGTH + " are allowed.");
            }
            words.add(w.asString());
        }
        return words;
    }

    private static boolean flag(Params p, String key, boolean def) {
        String v = p.get(key);
        if (v == null) {
            return def;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw ApiException.invalid(key, "Expected true or false.");
        }
        return Boolean.parseBoolean(v);
    }

    private String token() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
