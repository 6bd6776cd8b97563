package dev.sandboxemulator.emulator.server.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code Sandbox} schema, answered by create and connect. {@code domain} is always {@code null}
 * (sent, not left out, as the service does): both SDKs then keep their configured domain.
 * {@code trafficAccessToken} is not modelled.
 */
public record SandboxJson(String sandboxID, String clientID, String templateID, String envdVersion,
                          String envdAccessToken, String alias,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String domain) {

    public SandboxJson(String sandboxID, String clientID, String templateID, String envdVersion, String envdAccessToken,
                       String alias) {
        this(sandboxID, clientID, templateID, envdVersion, envdAccessToken, alias, null);
    }
}
