package dev.sandboxemulator.emulator.server.wire;

/** {@code POST /sandboxes/{id}/fork} body (E2B): both fields optional, 32-bit integers as upstream declares them. */
public record ForkRequestJson(Integer timeout, Integer count) {
}
