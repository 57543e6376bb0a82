package io.vnode.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers here; *DockerIT tests are skipped (not failed) without one. */
public final class Docker {

    private Docker() {
    }

    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
