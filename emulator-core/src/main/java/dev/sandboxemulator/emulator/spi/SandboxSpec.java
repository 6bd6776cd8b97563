package dev.sandboxemulator.emulator.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backend needs to know to make a sandbox.
 *
 * @param templateId the template (or snapshot template) the sandbox starts from
 * @param envVars environment variables for every process in the sandbox
 * @param cpuCount virtual CPUs
 * @param memoryMb memory in MiB
 * @param diskSizeMb disk size in MiB
 * @param time the clock the sandbox lives on (its tenant's); empty for the backend's own
 * @param metadata the sandbox's metadata (a backend may record it, e.g. as container labels)
 * @param allowInternetAccess whether processes in the sandbox may reach the internet
 */
public record SandboxSpec(String templateId, Map<String, String> envVars, int cpuCount, int memoryMb, int diskSizeMb,
                          Optional<VirtualTime> time, Map<String, String> metadata, boolean allowInternetAccess) {
    public SandboxSpec {
        Objects.requireNonNull(templateId, "templateId");
        envVars = Map.copyOf(envVars);
        Objects.requireNonNull(time, "time");
        metadata = Map.copyOf(metadata);
    }

    /** A sandbox on {@code time}, without metadata, with internet access. */
    public SandboxSpec(String templateId, Map<String, String> envVars, int cpuCount, int memoryMb, int diskSizeMb,
                       Optional<VirtualTime> time) {
        this(templateId, envVars, cpuCount, memoryMb, diskSizeMb, time, Map.of(), true);
    }

    /** A sandbox on the backend's own clock. */
    public SandboxSpec(String templateId, Map<String, String> envVars, int cpuCount, int memoryMb, int diskSizeMb) {
        this(templateId, envVars, cpuCount, memoryMb, diskSizeMb, Optional.empty());
    }
}
