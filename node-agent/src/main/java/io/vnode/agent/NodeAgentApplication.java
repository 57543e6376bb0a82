package io.vnode.agent;

import io.vnode.agent.config.UninstallApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NodeAgentApplication {

    public static void main(String[] args) {
        if (UninstallApplication.requested(args, System.getenv("VNODE_MODE"))) {
            System.exit(UninstallApplication.run(args));
        }
        SpringApplication.run(NodeAgentApplication.class, args);
    }
}
