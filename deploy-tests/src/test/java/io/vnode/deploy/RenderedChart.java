package io.vnode.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * helm/vnode rendered by helm-java ({@code helm template vnode helm/vnode -n kube-system}) and parsed into
 * fabric8 model objects. Release name {@code vnode}, so every object is named {@code vnode-<component>}.
 */
final class RenderedChart {

    static final String RELEASE = "vnode";
    static final String NAMESPACE = "kube-system";
    static final List<String> SERVICES = List.of("node-agent", "pod-translator", "cloud-executor", "status-reconciler");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    final String yaml;
    final List<HasMetadata> objects;

    private RenderedChart(String yaml, List<HasMetadata> objects) {
        this.yaml = yaml;
        this.objects = objects;
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("helm/vnode/Chart.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("helm/vnode/Chart.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path chart() {
        return repoRoot().resolve("helm/vnode");
    }

    static RenderedChart defaults() {
        return render(Map.of());
    }

    /** Renders with {@code --set key=value} for each entry. */
    static RenderedChart render(Map<String, Object> sets) {
        return render(sets, null);
    }

    /** Renders with a values file holding {@code valuesYaml} (may be null), then {@code --set}s. */
    static RenderedChart render(Map<String, Object> sets, String valuesYaml) {
        return render(chart(), sets, valuesYaml);
    }

    /**
     * helm-java's template leaves hooks out of its output. This renders a copy of the chart whose hook
     * annotations are renamed {@code helm.sh/hook*} -> {@value #HOOK_PREFIX}*, so hooks render as plain
     * objects and keep their (renamed) hook annotations for the assertions.
     */
    static RenderedChart renderWithHooks(Map<String, Object> sets) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory("vnode-chart");
            Path source = chart();
            Path target = copy.resolve("vnode");
            try (var files = Files.walk(source)) {
                for (Path f : files.toList()) {
                    Path t = target.resolve(source.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                    } else {
                        Files.writeString(t, Files.readString(f).replace("helm.sh/hook", HOOK_PREFIX));
                    }
                }
            }
            return render(target, sets, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (copy != null) {
                try (var files = Files.walk(copy)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException ignored) {
                    // a temp directory left behind
                }
            }
        }
    }

    static final String HOOK_PREFIX = "test.vnode.io/hook";

    /**
     * The values every install must give (region, vSwitches, security group, AccessKey), as the lowest layer
     * under a test's values file and {@code --set}s; a test that wants one missing sets it empty.
     */
    static final String REQUIRED_VALUES = """
            regionId: cn-hangzhou
            vSwitchIds: [vsw-test-k]
            securityGroupId: sg-test
            credentials:
              existingSecret: alibaba-addon-secret
            """;

    private static RenderedChart render(Path chart, Map<String, Object> sets, String valuesYaml) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        Path valuesFile = null;
        Path requiredFile = null;
        try {
            requiredFile = Files.createTempFile("vnode-required-values", ".yaml");
            Files.writeString(requiredFile, REQUIRED_VALUES);
            template = template.withValuesFile(requiredFile);
            if (valuesYaml != null) {
                valuesFile = Files.createTempFile("vnode-values", ".yaml");
                Files.writeString(valuesFile, valuesYaml);
                template = template.withValuesFile(valuesFile);
            }
            // helm-java's template calls lookup against a cluster; rendered offline here
            template = template.set("webhook.tls.lookup", false);
            for (Map.Entry<String, Object> e : new LinkedHashMap<>(sets).entrySet()) {
                template = template.set(e.getKey(), e.getValue());
            }
            String yaml = template.call();
            return new RenderedChart(yaml, parse(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (valuesFile != null) {
                valuesFile.toFile().delete();
            }
            if (requiredFile != null) {
                requiredFile.toFile().delete();
            }
        }
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean empty = doc.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!empty) {
                objects.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
            }
        }
        return objects;
    }

    static String toYaml(Object o) {
        return SERIALIZATION.asYaml(o);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " " + name + " in " + names()));
    }

    /** Objects labelled {@code app.kubernetes.io/component: <component>}. */
    <T extends HasMetadata> List<T> ofComponent(Class<T> type, String component) {
        return all(type).stream()
                .filter(o -> component.equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .toList();
    }

    Deployment deployment(String component) {
        return get(Deployment.class, RELEASE + "-" + component);
    }

    static PodSpec pod(Deployment d) {
        return d.getSpec().getTemplate().getSpec();
    }

    static Container container(Deployment d) {
        List<Container> containers = pod(d).getContainers();
        if (containers.size() != 1) {
            throw new AssertionError("expected one container in " + d.getMetadata().getName());
        }
        return containers.get(0);
    }

    static Map<String, EnvVar> env(Container c) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (EnvVar v : c.getEnv()) {
            if (env.put(v.getName(), v) != null) {
                throw new AssertionError("env " + v.getName() + " twice in " + c.getName());
            }
        }
        return env;
    }

    Optional<Secret> secret(String name) {
        return find(Secret.class, name);
    }

    List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
