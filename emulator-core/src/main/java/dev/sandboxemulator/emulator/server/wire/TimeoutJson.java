package dev.sandboxemulator.emulator.server.wire;

/** {@code {"timeout": seconds}}: the body of {@code /timeout} and {@code /connect}. */
public record TimeoutJson(Long timeout) {
}
