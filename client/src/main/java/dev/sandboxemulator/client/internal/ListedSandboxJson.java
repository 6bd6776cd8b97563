package dev.sandboxemulator.client.internal;

import java.util.Map;

/** One element of the {@code ListedSandbox[]} returned by {@code GET /v2/sandboxes}. */
public record ListedSandboxJson(
        String sandboxID,
        String clientID,
        String templateID,
        String alias,
        Map<String, String> metadata,
        String startedAt,
        String endAt,
        String state,
        Integer cpuCount,
        Integer memoryMB,
        Integer diskSizeMB,
        String envdVersion) {}
