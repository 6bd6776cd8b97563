package dev.sandboxemulator.emulator.server.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** {@code POST /sandboxes} body (NewSandbox); fields the emulator does not model are ignored. */
public record NewSandboxJson(
        String templateID,
        Map<String, String> metadata,
        Map<String, String> envVars,
        Long timeout,
        Boolean secure,
        @JsonProperty("allow_internet_access") Boolean allowInternetAccess,
        Boolean autoPause,
        AutoResumeJson autoResume) {

    /** {@code {"enabled": bool}}. */
    public record AutoResumeJson(Boolean enabled) {
    }
}
