package dev.sandboxemulator.emulator.engine;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable picture of one sandbox at one moment: what the API renders.
 */
public record SandboxView(
        String sandboxId,
        String clientId,
        String templateId,
        Optional<String> alias,
        Map<String, String> metadata,
        Map<String, String> envVars,
        SandboxState state,
        Instant startedAt,
        Instant endAt,
        long timeoutSeconds,
        Lifecycle lifecycle,
        boolean secure,
        Optional<String> envdAccessToken,
        boolean allowInternetAccess,
        int cpuCount,
        int memoryMb,
        int diskSizeMb,
        String envdVersion,
        Optional<String> parentId,
        NetworkConfig network) {
}
