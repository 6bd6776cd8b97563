package dev.sandboxemulator.client.internal;

/**
 * The {@code Sandbox} schema returned by create and connect. The client uses {@code sandboxID}, {@code envdVersion},
 * the tokens and {@code domain}; it ignores {@code clientID}, like the SDK on modern domains.
 */
public record SandboxJson(
        String sandboxID,
        String clientID,
        String templateID,
        String envdVersion,
        String alias,
        String envdAccessToken,
        String domain,
        String trafficAccessToken) {}
