package dev.sandboxemulator.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The body of {@code POST /sandboxes} ({@code NewSandbox}), in the key order the SDK sends. Null members are omitted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "templateID",
    "metadata",
    "envVars",
    "timeout",
    "secure",
    "allow_internet_access",
    "autoPause",
    "autoResume"
})
public record NewSandboxJson(
        String templateID,
        Map<String, String> metadata,
        Map<String, String> envVars,
        long timeout,
        boolean secure,
        @JsonProperty("allow_internet_access") boolean allowInternetAccess,
        boolean autoPause,
        AutoResumeJson autoResume) {

    /** {@code {"enabled": bool}}, sent only together with {@code "autoPause": true}. */
    public record AutoResumeJson(boolean enabled) {}
}
