package dev.sandboxemulator.client.internal;

/** {@code {"timeout": seconds}}: the body of {@code POST /sandboxes/{id}/timeout} and {@code /connect}. */
public record TimeoutJson(long timeout) {}
