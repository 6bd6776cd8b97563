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
 */
public record SandboxSpec(String templateId, Map<String, String> envVars, int cpuCount, int memoryMb, int diskSizeMb,
                          Optional<VirtualTime> time) {
    public SandboxSpec {
        Objects.requireNonNull(templateId, "templateId");
        envVars = Map.copyOf(envVars);
        Objects.requireNonNull(time, "time");
    }

    /** A sandbox on the backend's own clock. */
    public SandboxSpec(String templateId, Map<String, String> envVars, int cpuCount, int memoryMb, int diskSizeMb) {
        this(templateId, envVars, cpuCount, memoryMb, diskSizeMb, Optional.empty());
    }
}
