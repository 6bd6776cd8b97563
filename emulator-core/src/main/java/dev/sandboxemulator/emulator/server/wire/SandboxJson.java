package dev.sandboxemulator.emulator.server.wire;

/**
 * The {@code Sandbox} schema, answered by create and connect. {@code domain} is left out so the
 * SDK keeps its configured domain; {@code trafficAccessToken} is not modelled.
 */
public record SandboxJson(String sandboxID, String clientID, String templateID, String envdVersion,
                          String envdAccessToken, String alias) {
}
