package dev.sandboxemulator.client;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a sandbox. A snapshot ID is a template ID, so it can be passed as the template of a
 * {@link CreateSandboxRequest}. Instances are immutable.
 *
 * @param snapshotId the snapshot (template) ID
 * @param names the names under which the snapshot can be referenced, for example {@code "name:latest"}
 */
public record SnapshotInfo(String snapshotId, List<String> names) {
    /** Checks for nulls and makes an immutable copy of {@code names}. */
    public SnapshotInfo {
        Objects.requireNonNull(snapshotId, "snapshotId == null");
        names = List.copyOf(Objects.requireNonNull(names, "names == null"));
    }
}
