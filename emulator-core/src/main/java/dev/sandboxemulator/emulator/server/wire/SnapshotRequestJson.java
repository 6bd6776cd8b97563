package dev.sandboxemulator.emulator.server.wire;

/** The body of {@code POST /sandboxes/{id}/snapshots}: none, {@code {}} or E2B's {@code {"name": "..."}}. */
public record SnapshotRequestJson(String name) {
}
