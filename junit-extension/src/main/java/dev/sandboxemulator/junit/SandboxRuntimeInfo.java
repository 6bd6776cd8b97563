package dev.sandboxemulator.junit;

import java.util.Map;
import java.util.Objects;

/**
 * Where a test's emulator listens and which key reaches the test's sandboxes: what to hand to
 * another SDK (Novita's or E2B's), a child process or a Spring context. Both dialects are served on
 * the same URLs with the same key.
 *
 * @param apiUrl the control-plane URL ({@code NOVITA_API_URL}, {@code E2B_API_URL})
 * @param sandboxUrl the data-plane URL ({@code NOVITA_SANDBOX_URL}, {@code E2B_SANDBOX_URL})
 * @param apiKey the test's API key ({@code NOVITA_API_KEY}, {@code E2B_API_KEY}); the keys the emulator makes
 *     look like E2B's, {@code e2b_} and hex, which E2B's Python SDK requires
 */
public record SandboxRuntimeInfo(String apiUrl, String sandboxUrl, String apiKey) {

    public SandboxRuntimeInfo {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(sandboxUrl, "sandboxUrl");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /** The environment variables Novita's SDKs read, for a child process. */
    public Map<String, String> novitaEnvironment() {
        return Map.of("NOVITA_API_URL", apiUrl, "NOVITA_SANDBOX_URL", sandboxUrl, "NOVITA_API_KEY", apiKey);
    }

    /** The environment variables E2B's SDKs and CLI read, for a child process. */
    public Map<String, String> e2bEnvironment() {
        return Map.of("E2B_API_URL", apiUrl, "E2B_SANDBOX_URL", sandboxUrl, "E2B_API_KEY", apiKey);
    }

    /**
     * Both sets of variables, for a child process that runs either SDK: {@link #novitaEnvironment()}
     * and {@link #e2bEnvironment()}.
     */
    public Map<String, String> environment() {
        Map<String, String> both = new java.util.LinkedHashMap<>(novitaEnvironment());
        both.putAll(e2bEnvironment());
        return java.util.Collections.unmodifiableMap(both);
    }
}
