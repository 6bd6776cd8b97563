package dev.sandboxemulator.emulator.server.wire;

/** The body of {@code POST /sandboxes/{id}/pause}: none (Novita), {@code {}} or {@code {"memory": bool}} (E2B). */
public record PauseJson(Boolean memory) {
}
