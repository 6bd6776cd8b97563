package dev.sandboxemulator.emulator.server.wire;

import java.util.List;
import java.util.Map;

/** The {@code SandboxDetail} schema ({@code GET /sandboxes/{id}}); also {@code ListedSandbox} without the detail-only fields. */
public record SandboxDetailJson(
        String sandboxID,
        String clientID,
        String templateID,
        String alias,
        Map<String, String> metadata,
        String startedAt,
        String endAt,
        String state,
        int cpuCount,
        int memoryMB,
        int diskSizeMB,
        String envdVersion,
        String envdAccessToken,
        Boolean allowInternetAccess,
        LifecycleJson lifecycle,
        List<Object> volumeMounts) {

    /** {@code {"onTimeout": "kill"|"pause", "autoResume": bool}}. */
    public record LifecycleJson(String onTimeout, boolean autoResume) {
    }
}
