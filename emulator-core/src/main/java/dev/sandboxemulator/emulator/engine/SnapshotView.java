package dev.sandboxemulator.emulator.engine;

import java.time.Instant;
import java.util.List;

/** A persistent snapshot template made from a sandbox. */
public record SnapshotView(String snapshotId, List<String> names, String sourceSandboxId, Instant createdAt) {
    public SnapshotView {
        names = List.copyOf(names);
    }
}
