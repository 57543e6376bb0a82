package io.vnode.agent.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vnode.agent.adapter.kube.KubeUninstallApi;
import io.vnode.agent.app.Uninstaller;
import io.vnode.agent.domain.VirtualNodeIdentity;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * node-agent in uninstall mode ({@code --vnode.mode=uninstall}, the chart's pre-delete hook): the agent's
 * properties and Kubernetes client, no auto-configuration (no web server, Kafka or informers); runs the
 * {@link Uninstaller} once and exits 0 when every virtual node is gone, 1 with what is left otherwise.
 */
@EnableConfigurationProperties(AgentProperties.class)
public class UninstallApplication {

    private static final Logger LOG = LoggerFactory.getLogger(UninstallApplication.class);

    /** Whether the command line or the environment ({@code VNODE_MODE}) asks for the uninstall mode. */
    public static boolean requested(String[] args, String envMode) {
        for (String a : args) {
            if (a.equals("--vnode.mode=uninstall")) {
                return true;
            }
        }
        return "uninstall".equals(envMode);
    }

    public static int run(String[] args) {
        SpringApplication app = new SpringApplication(UninstallApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        try (ConfigurableApplicationContext context = app.run(args)) {
            AgentProperties props = context.getBean(AgentProperties.class);
            List<String> nodes = AgentConfiguration.identities(props).stream().map(VirtualNodeIdentity::nodeName).toList();
            try (KubernetesClient client = new AgentConfiguration().kubernetesClient(props)) {
                Uninstaller uninstaller = new Uninstaller(new KubeUninstallApi(client, props.node().leaseNamespace()), nodes,
                        props.uninstall().timeout(), props.uninstall().pollInterval(), Clock.systemUTC(),
                        d -> Thread.sleep(d.toMillis()));
                Uninstaller.Outcome outcome = uninstaller.run();
                if (outcome instanceof Uninstaller.Outcome.Done done) {
                    LOG.info("uninstall done: {} pod(s) deleted, virtual nodes {} deleted", done.deletedPods(), done.deletedNodes());
                    return 0;
                }
                LOG.error(((Uninstaller.Outcome.LeftOver) outcome).message());
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("uninstall interrupted");
            return 1;
        } catch (RuntimeException e) {
            // the Job's next attempt starts over: every step is idempotent
            LOG.error("uninstall failed: {}", e.toString());
            return 1;
        }
    }
}
