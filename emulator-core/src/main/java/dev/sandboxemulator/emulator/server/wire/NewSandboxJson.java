package dev.sandboxemulator.emulator.server.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * The body of {@code POST /sandboxes} (Novita's NewSandbox and E2B's before 2.51) and of
 * {@code POST /v2/sandboxes} (E2B's NewSandboxV2, which has no {@code secure}): the union of both.
 * Fields the emulator does not model ({@code mcp}, {@code iam}, {@code volumeMounts}, {@code nodeID},
 * {@code secrets}) are ignored.
 */
public record NewSandboxJson(
        String templateID,
        Map<String, String> metadata,
        Map<String, String> envVars,
        Long timeout,
        Boolean secure,
        @JsonProperty("allow_internet_access") Boolean allowInternetAccess,
        Boolean autoPause,
        Boolean autoPauseMemory,
        AutoResumeJson autoResume,
        NetworkJson network) {

    /** {@code {"enabled": bool}}. */
    public record AutoResumeJson(Boolean enabled) {
    }
}
