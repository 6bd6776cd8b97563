package dev.sandboxemulator.emulator.server.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

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
        List<Object> volumeMounts,
        NetworkJson network) {

    /** {@code domain: null}, sent (not left out) as on the Sandbox schema; list entries carry it too, harmlessly. */
    @JsonProperty("domain")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String domain() {
        return null;
    }

    /** {@code {"onTimeout": "kill"|"pause", "autoResume": bool}}. */
    public record LifecycleJson(String onTimeout, boolean autoResume) {
    }
}
