package io.vnode.translator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.vnode.localkube.PodFixtures;
import org.junit.jupiter.api.Test;

/** The whole request for the realistic multi-container pod, field by field. */
class RealisticPodTest {

    @Test
    void theWholeRequestOfARealisticPod() {
        Pod pod = PodFixtures.realisticMultiContainer();
        String uid = pod.getMetadata().getUid();
        String name = pod.getMetadata().getName();
        String expected = """
            {"computeType":"ECI","regionId":"cn-hangzhou","containerGroupName":"shop-%2$s","clientToken":"%1$s",
             "specs":[{"name":"2-4Gi","cpu":2.0,"memoryGiB":4.0}],
             "vSwitchIds":["vsw-a","vsw-b"],"securityGroupId":"sg-1","resourceGroupId":"rg-1",
             "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"Default","hostName":"%2$s",
             "containers":[
              {"name":"app","image":"registry.example.com/shop/web:2.14.3","command":["/bin/web"],"args":["--port=8080","--log=json"],
               "env":[{"name":"MODE","value":"prod"},{"name":"POD_IP","fieldPath":"status.podIP"},
                      {"name":"DB_PASSWORD","valueFrom":{"kind":"SECRET","namespace":"shop","name":"db","key":"password","optional":false}}],
               "envFrom":[{"source":{"kind":"CONFIG_MAP","namespace":"shop","name":"web-env","optional":false}}],
               "ports":[{"port":8080,"protocol":"TCP"}],"cpu":1.5,"memoryGiB":3.0,
               "volumeMounts":[{"name":"conf","mountPath":"/etc/web","readOnly":true},{"name":"cache","mountPath":"/cache","readOnly":false}],
               "livenessProbe":{"tcpSocketPort":8080,"initialDelaySeconds":10},
               "readinessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"periodSeconds":5},
               "stdin":false,"stdinOnce":false,"tty":false},
              {"name":"log-agent","image":"registry.example.com/infra/log-agent:1.3",
               "env":[{"name":"__ECI_RESOURCE_IGNORE__","value":"TRUE"}],"cpu":0.25,"memoryGiB":0.5,
               "volumeMounts":[{"name":"cache","mountPath":"/var/log/web","readOnly":true}],
               "stdin":false,"stdinOnce":false,"tty":false}],
             "initContainers":[{"name":"migrate","image":"registry.example.com/shop/migrate:2.14.3","command":["/bin/migrate","up"],
               "cpu":0.5,"memoryGiB":1.0,"stdin":false,"stdinOnce":false,"tty":false}],
             "volumes":[
              {"name":"conf","type":"CONFIG_FILE","configFile":{"objects":[{"source":{"kind":"CONFIG_MAP","namespace":"shop","name":"web-conf","optional":false}}]}},
              {"name":"cache","type":"EMPTY_DIR","emptyDir":{"medium":"","sizeLimit":"1Gi"}}],
             "imagePullSecrets":[{"kind":"SECRET","namespace":"shop","name":"registry-pull","optional":false}],
             "tags":{"vnode.pod-uid":"%1$s","vnode.pod-namespace":"shop","vnode.pod-name":"%2$s",
                     "vnode.virtual-node":"virtual-kubelet-cn-hangzhou-k"}}
            """.formatted(uid, name);
        Translation.Accepted a = Pods.accept(pod);
        assertThat(Pods.parse(Pods.json(a.request()).toString())).isEqualTo(Pods.parse(expected));
        assertThat(a.podUseSpec()).isEqualTo("2-4Gi");
    }

    @Test
    void withClusterDnsClusterFirstResolvesClusterServices() {
        Translation.Accepted a = Pods.accept(PodFixtures.realisticMultiContainer(), Pods.CTX.withClusterDns("172.16.0.10", null));
        assertThat(a.request().dnsPolicy()).isEqualTo("None");
        assertThat(Pods.json(a.request()).get("dnsConfig")).isEqualTo(Pods.parse("""
            {"nameServers":["172.16.0.10"],"searches":["shop.svc.cluster.local","svc.cluster.local","cluster.local"],
             "options":[{"name":"ndots","value":"5"}]}"""));
    }
}
