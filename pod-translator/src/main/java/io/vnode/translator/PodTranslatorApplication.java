package io.vnode.translator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PodTranslatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(PodTranslatorApplication.class, args);
    }
}
