package io.vnode.localstack;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The YAML manifests of the product documents (../shared/seeds), one file each as users apply them:
 * {@code local-stack/src/main/resources/seeds/} (INDEX.md there says where each comes from and what the
 * document shows).
 */
public final class Seeds {

    private Seeds() {
    }

    /** The objects of one seed file, e.g. {@code 000-nginx-by-node-selector.yaml}. */
    public static List<HasMetadata> load(KubernetesClient client, String file) {
        try (InputStream in = open(file)) {
            return client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kubectl create -n namespace -f file}: the file's objects as written; namespace applies where a file names none. */
    public static List<HasMetadata> create(KubernetesClient client, String file, String namespace) {
        try (InputStream in = open(file)) {
            return client.load(in).inNamespace(namespace).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream open(String file) {
        InputStream in = Seeds.class.getClassLoader().getResourceAsStream("seeds/" + file);
        if (in == null) {
            throw new IllegalArgumentException("no seed manifest " + file + " (local-stack/src/main/resources/seeds/)");
        }
        return in;
    }
}
