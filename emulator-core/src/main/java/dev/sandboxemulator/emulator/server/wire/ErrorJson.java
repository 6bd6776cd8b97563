package dev.sandboxemulator.emulator.server.wire;

/** The service's error body: {@code code} repeats the HTTP status, because the SDK tests the body's code. */
public record ErrorJson(int code, String message) {
}
