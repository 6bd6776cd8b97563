package dev.sandboxemulator.junit.internal;

import dev.sandboxemulator.emulator.SandboxEmulator;

import java.util.Optional;

/** Whether a backend can run on this machine, and if not, why. */
public final class BackendAvailability {
    private BackendAvailability() {
    }

    /**
     * Empty when {@code backend} can run here; otherwise the reason it cannot. For docker this
     * probes the daemon once per JVM: docker-java on the classpath, an experimental daemon on this
     * host, root, and the base image.
     */
    public static Optional<String> unavailableReason(String backend) {
        return SandboxEmulator.backendUnavailableReason(backend);
    }
}
