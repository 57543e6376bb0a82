package io.vnode.emulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Standalone emulator: {@code java -jar eci-emulator-0.1.0-exec.jar --emulator.port=18080}.
 * The API listens on {@code emulator.port}; actuator health on {@code server.port}.
 */
@SpringBootApplication
@EnableConfigurationProperties(EmulatorProperties.class)
public class EciEmulatorApplication {

    private static final Logger log = LoggerFactory.getLogger(EciEmulatorApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(EciEmulatorApplication.class, args);
    }

    @Bean(destroyMethod = "close")
    EciEmulator eciEmulator(EmulatorProperties properties) {
        EciEmulator emulator = EciEmulator.start(properties.toSettings());
        log.info("ECI emulator serving region {} at endpoint {} (admin: {}/admin/stats)",
                emulator.settings().regionId(), emulator.endpoint(), emulator.baseUri());
        return emulator;
    }
}
