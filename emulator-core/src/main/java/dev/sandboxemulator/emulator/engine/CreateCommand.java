package dev.sandboxemulator.emulator.engine;

import java.util.Map;
import java.util.Objects;

/**
 * A validated request for a new sandbox.
 *
 * @param templateId the template or snapshot template to start from
 * @param timeoutSeconds requested lifetime, before caps
 * @param network the outbound rules asked for (recorded, not enforced)
 */
public record CreateCommand(String templateId, Map<String, String> metadata, Map<String, String> envVars,
                            long timeoutSeconds, boolean secure, boolean allowInternetAccess, Lifecycle lifecycle,
                            NetworkConfig network) {

    /** How long a sandbox lives when its creator does not say, as the service does. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 300;

    /**
     * A request as the caller sent it: a {@code null} is a field left out, which takes the
     * service's default. A sandbox lives {@link #DEFAULT_TIMEOUT_SECONDS}, is secure (its envd
     * wants an access token) and may reach the internet unless the caller says otherwise.
     */
    public static CreateCommand asRequested(String templateId, Map<String, String> metadata, Map<String, String> envVars,
                                            Long timeoutSeconds, Boolean secure, Boolean allowInternetAccess,
                                            Lifecycle lifecycle) {
        return asRequested(templateId, metadata, envVars, timeoutSeconds, secure, allowInternetAccess, lifecycle,
                NetworkConfig.NONE, null);
    }

    /**
     * As {@link #asRequested(String, Map, Map, Long, Boolean, Boolean, Lifecycle)}, with E2B's fields too:
     * the network rules and {@code autoPauseMemory}, whose {@code false} (pause without memory) is
     * refused (see {@link MemoryKeeping}).
     */
    public static CreateCommand asRequested(String templateId, Map<String, String> metadata, Map<String, String> envVars,
                                            Long timeoutSeconds, Boolean secure, Boolean allowInternetAccess,
                                            Lifecycle lifecycle, NetworkConfig network, Boolean autoPauseMemory) {
        MemoryKeeping.requireKept(autoPauseMemory, "autoPauseMemory");
        return new CreateCommand(templateId, metadata, envVars,
                timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds,
                secure == null || secure, allowInternetAccess == null || allowInternetAccess, lifecycle, network);
    }

    public CreateCommand {
        Objects.requireNonNull(templateId, "templateId");
        metadata = Map.copyOf(metadata);
        envVars = Map.copyOf(envVars);
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(network, "network");
    }
}
