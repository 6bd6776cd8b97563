package dev.sandboxemulator.junit;

import java.util.Map;
import java.util.Objects;

/**
 * Where a test's emulator listens and which key reaches the test's sandboxes: what to hand to
 * another SDK, a child process or a Spring context.
 *
 * @param apiUrl the control-plane URL ({@code NOVITA_API_URL})
 * @param sandboxUrl the data-plane URL ({@code NOVITA_SANDBOX_URL})
 * @param apiKey the test's API key ({@code NOVITA_API_KEY})
 */
public record SandboxRuntimeInfo(String apiUrl, String sandboxUrl, String apiKey) {

    public SandboxRuntimeInfo {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(sandboxUrl, "sandboxUrl");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /** The environment variables the official SDK reads, for a child process. */
    public Map<String, String> environment() {
        return Map.of("NOVITA_API_URL", apiUrl, "NOVITA_SANDBOX_URL", sandboxUrl, "NOVITA_API_KEY", apiKey);
    }
}
