package dev.sandboxemulator.emulator.engine;

import java.util.Map;
import java.util.Objects;

/**
 * A validated request for a new sandbox.
 *
 * @param templateId the template or snapshot template to start from
 * @param timeoutSeconds requested lifetime, before caps
 */
public record CreateCommand(String templateId, Map<String, String> metadata, Map<String, String> envVars,
                            long timeoutSeconds, boolean secure, boolean allowInternetAccess, Lifecycle lifecycle) {
    public CreateCommand {
        Objects.requireNonNull(templateId, "templateId");
        metadata = Map.copyOf(metadata);
        envVars = Map.copyOf(envVars);
        Objects.requireNonNull(lifecycle, "lifecycle");
    }
}
