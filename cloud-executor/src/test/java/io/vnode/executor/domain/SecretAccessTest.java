package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vnode.contracts.instance.ObjectRef;
import io.vnode.contracts.instance.RefKind;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which Secrets the executor may read for a pod: the node authorizer's rule, one row per story. */
class SecretAccessTest {

    /** A pod of namespace shop referencing a Secret in each place a pod can. */
    static final Pod POD = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
            .withNewSpec()
            .addNewImagePullSecret("pull")
            .addNewContainer().withName("main")
                .addNewEnv().withName("A").withNewValueFrom().withNewSecretKeyRef("k", "env-secret", false).endValueFrom().endEnv()
                .addNewEnvFrom().withNewSecretRef("env-from", false).endEnvFrom()
            .endContainer()
            .addNewInitContainer().withName("init")
                .addNewEnv().withName("B").withNewValueFrom().withNewSecretKeyRef("k", "init-secret", false).endValueFrom().endEnv()
            .endInitContainer()
            .addNewVolume().withName("v").withNewSecret().withSecretName("vol-secret").endSecret().endVolume()
            .addNewVolume().withName("p").withNewProjected().addNewSource().withNewSecret().withName("projected").endSecret()
                .endSource().endProjected().endVolume()
            .endSpec().build();

    static Stream<Arguments> rows() {
        return Stream.of(
                row("imagePullSecret", POD, true, "shop", "pull", null),
                row("env secretKeyRef", POD, true, "shop", "env-secret", null),
                row("envFrom secretRef", POD, true, "shop", "env-from", null),
                row("init container env", POD, true, "shop", "init-secret", null),
                row("secret volume", POD, true, "shop", "vol-secret", null),
                row("projected volume", POD, true, "shop", "projected", null),
                row("not referenced by the pod", POD, true, "shop", "other",
                        "Secret shop/other not read: pod shop/web does not reference it (imagePullSecrets, env, envFrom or volumes)"),
                row("same name, another namespace", POD, true, "kube-system", "pull",
                        "Secret kube-system/pull not read: it is not in the namespace of pod shop/web"),
                row("pod not on a virtual node", POD, false, "shop", "pull",
                        "Secret shop/pull not read: pod shop/web is not bound to a virtual node"),
                row("pod gone", null, true, "shop", "pull", "Secret shop/pull not read: pod shop/web no longer exists"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsOnlyTheSecretsThePodReferencesInItsNamespace(String story, Pod pod, boolean onVirtualNode, String namespace,
                                                           String name, String problem) {
        List<ObjectRef> wanted = List.of(new ObjectRef(RefKind.SECRET, namespace, name, false),
                new ObjectRef(RefKind.CONFIG_MAP, "shop", "any-config", false));
        List<String> refused = SecretAccess.refused("shop/web", pod, onVirtualNode, wanted);
        if (problem == null) {
            assertThat(refused).isEmpty();
        } else {
            assertThat(refused).containsExactly(problem);
        }
    }

    static Arguments row(String story, Pod pod, boolean onVirtualNode, String namespace, String name, String problem) {
        return Arguments.of(story, pod, onVirtualNode, namespace, name, problem);
    }

    /** A pod of ServiceAccount robot with the API server's kube-api-access volume. */
    static final Pod ROBOT = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata()
            .withNewSpec().withServiceAccountName("robot").addNewContainer().withName("main").endContainer()
            .addNewVolume().withName("kube-api-access-x").withNewProjected().addNewSource().withNewServiceAccountToken()
                .withPath("token").withExpirationSeconds(3607L).endServiceAccountToken().endSource().endProjected().endVolume()
            .endSpec().build();

    static Stream<Arguments> tokenRows() {
        Pod noToken = new PodBuilder(ROBOT).editSpec().withVolumes(List.of()).endSpec().build();
        Pod defaultAccount = new PodBuilder(ROBOT).editSpec().withServiceAccountName(null).endSpec().build();
        return Stream.of(
                Arguments.of("the pod's own ServiceAccount", ROBOT, true, "robot", null),
                Arguments.of("no serviceAccountName: default", defaultAccount, true, "default", null),
                Arguments.of("another ServiceAccount", ROBOT, true, "kube-controller",
                        "token of ServiceAccount kube-controller not minted: pod shop/web runs as ServiceAccount robot"),
                Arguments.of("the pod mounts no token", noToken, true, "robot",
                        "token of ServiceAccount robot not minted: pod shop/web mounts no service-account token"),
                Arguments.of("pod not on a virtual node", ROBOT, false, "robot",
                        "token of ServiceAccount robot not minted: pod shop/web is not bound to a virtual node"),
                Arguments.of("pod gone", null, true, "robot", "token of ServiceAccount robot not minted: pod shop/web no longer exists"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenRows")
    void mintsOnlyThePodsOwnServiceAccountToken(String story, Pod pod, boolean onVirtualNode, String account, String problem) {
        List<String> refused = SecretAccess.tokensRefused("shop/web", pod, onVirtualNode,
                List.of(new io.vnode.contracts.instance.TokenFile("token", account, null, 3607L, null)));
        if (problem == null) {
            assertThat(refused).isEmpty();
        } else {
            assertThat(refused).containsExactly(problem);
        }
    }
}
