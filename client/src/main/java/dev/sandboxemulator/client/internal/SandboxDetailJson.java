package dev.sandboxemulator.client.internal;

import java.util.Map;

/**
 * The {@code SandboxDetail} schema returned by {@code GET /sandboxes/{id}}, also read for the
 * {@code ListedSandbox} items of {@code GET /v2/sandboxes}: those carry a subset of its fields.
 * Network and volume fields are ignored.
 */
public record SandboxDetailJson(
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
        String envdVersion,
        String envdAccessToken,
        String domain,
        Boolean allowInternetAccess,
        LifecycleJson lifecycle) {}
