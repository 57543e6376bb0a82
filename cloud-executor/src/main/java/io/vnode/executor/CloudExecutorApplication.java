package io.vnode.executor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CloudExecutorApplication {

    public static void main(String[] args) {
        SpringApplication.run(CloudExecutorApplication.class, args);
    }
}
