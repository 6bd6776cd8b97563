package dev.sandboxemulator.emulator.server.wire;

/** {@code POST /sandboxes/{id}/clone} body. */
public record CloneRequestJson(Integer count, Boolean strict, Long timeout, String nodeID) {
}
