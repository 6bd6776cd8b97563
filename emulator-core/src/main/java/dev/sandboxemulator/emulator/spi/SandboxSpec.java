package dev.sandboxemulator.emulator.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a backend needs to know to make a sandbox.
 *
 * @param templateId the template (or snapshot template) the sandbox starts from
 * @param envVars environment variables for every process in the sandbox
 * @param cpuCount virtual CPUs
 * @param memoryMb memory in MiB
 * @param diskSizeMb disk size in MiB
 */
public record SandboxSpec(String templateId, Map<String, String> envVars, int cpuCount, int memoryMb, int diskSizeMb) {
    public SandboxSpec {
        Objects.requireNonNull(templateId, "templateId");
        envVars = Map.copyOf(envVars);
    }
}
