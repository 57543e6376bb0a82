package io.vnode.executor.adapter.cloud;

import java.time.Duration;

/**
 * Where and how the ECI API is reached.
 *
 * @param endpoint host[:port]; empty: the region endpoint {@code eci.<region>.aliyuncs.com}
 * @param protocol HTTPS, or HTTP for the emulator
 * @param regionId the region of the SDK profile
 */
public record EciEndpoint(String endpoint, String protocol, String regionId, Duration connectTimeout,
                          Duration readTimeout) {

    public String endpointFor(String region) {
        return endpoint == null || endpoint.isBlank() ? "eci." + region + ".aliyuncs.com" : endpoint;
    }
}
