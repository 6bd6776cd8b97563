package dev.sandboxemulator.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@link SandboxClient#listSnapshots}. Instances are immutable.
 *
 * @param snapshots the snapshots on this page
 * @param nextToken the token that fetches the next page; empty on the last page
 */
public record SnapshotPage(List<SnapshotInfo> snapshots, Optional<String> nextToken) {
    /** Checks for nulls and makes an immutable copy of {@code snapshots}. */
    public SnapshotPage {
        snapshots = List.copyOf(Objects.requireNonNull(snapshots, "snapshots == null"));
        Objects.requireNonNull(nextToken, "nextToken == null");
    }

    /** Returns true if there is a next page. */
    public boolean hasNext() {
        return nextToken.isPresent();
    }
}
