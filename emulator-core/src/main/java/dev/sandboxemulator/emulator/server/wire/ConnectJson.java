package dev.sandboxemulator.emulator.server.wire;

/**
 * The body of {@code POST /sandboxes/{id}/connect} and {@code POST /v2/sandboxes/{id}/connect}:
 * {@code timeout} in seconds, and E2B's {@code memory}. Novita's {@code secure},
 * {@code allowPublicTraffic} and {@code network} are ignored.
 */
public record ConnectJson(Long timeout, Boolean memory) {
}
