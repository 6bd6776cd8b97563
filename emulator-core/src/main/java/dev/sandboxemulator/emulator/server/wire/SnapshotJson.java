package dev.sandboxemulator.emulator.server.wire;

import java.util.List;

/** {@code SnapshotInfo}. */
public record SnapshotJson(String snapshotID, List<String> names) {
}
