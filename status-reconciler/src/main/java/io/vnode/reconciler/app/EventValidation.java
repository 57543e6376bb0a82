package io.vnode.reconciler.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vnode.contracts.VnodeEvent;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a decoded event keeps its contract beyond what the JSON decoder checks: the decoder accepts
 * an explicit {@code null} (and, on some fields, a blank string) where the contract says a field is
 * required ({@code @JsonProperty(required = true)}), and a {@code null} inside a list. Such an event
 * would fail deep inside the rules, or stall the batch; it goes to the dead-letter topic with the
 * problem named instead. Checks the event's contract records and those nested in them (lists
 * included). Pure and thread-safe.
 */
public final class EventValidation {

    private static final String CONTRACTS = "io.vnode.contracts";

    private record Component(String name, Method accessor, boolean required) {
    }

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            List<Component> out = new ArrayList<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                out.add(new Component(rc.getName(), rc.getAccessor(), required(type, rc)));
            }
            return List.copyOf(out);
        }
    };

    private EventValidation() {
    }

    /** The first contract violation of {@code event} (e.g. {@code "pod is required"}), or empty. */
    public static Optional<String> problem(VnodeEvent event) {
        if (event == null) {
            return Optional.of("the record is JSON null, not an event");
        }
        return Optional.ofNullable(problem(event, ""));
    }

    private static String problem(Object value, String path) {
        Class<?> type = value.getClass();
        if (!type.isRecord() || !type.getPackageName().startsWith(CONTRACTS)) {
            return null;
        }
        for (Component c : COMPONENTS.get(type)) {
            Object v = read(c.accessor(), value);
            String at = path.isEmpty() ? c.name() : path + "." + c.name();
            if (c.required() && (v == null || v instanceof String s && s.isBlank())) {
                return at + " is required";
            }
            String nested = v instanceof Collection<?> list ? elements(list, at) : v == null ? null : problem(v, at);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static String elements(Collection<?> list, String path) {
        int i = 0;
        for (Object e : list) {
            String at = path + "[" + i++ + "]";
            if (e == null) {
                return at + " is null";
            }
            String nested = problem(e, at);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }

    private static boolean required(Class<?> type, RecordComponent rc) {
        JsonProperty p = rc.getAnnotation(JsonProperty.class);
        if (p == null) {
            try {
                Field f = type.getDeclaredField(rc.getName());
                p = f.getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                p = null;
            }
        }
        if (p == null) {
            p = rc.getAccessor().getAnnotation(JsonProperty.class);
        }
        return p != null && p.required();
    }

    private static Object read(Method accessor, Object value) {
        try {
            return accessor.invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor, e);
        }
    }
}
