package dev.sandboxemulator.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@link SandboxClient#listSnapshots(ListSnapshotsRequest)}. Instances are immutable.
 *
 * @param snapshots the snapshots on this page
 * @param nextToken the token that fetches the next page; empty on the last page
 * @param request the query that produced this page
 */
public record SnapshotPage(List<SnapshotInfo> snapshots, Optional<String> nextToken, ListSnapshotsRequest request) {
    /** Checks for nulls and makes an immutable copy of {@code snapshots}. */
    public SnapshotPage {
        snapshots = List.copyOf(Objects.requireNonNull(snapshots, "snapshots == null"));
        Objects.requireNonNull(nextToken, "nextToken == null");
        Objects.requireNonNull(request, "request == null");
    }

    /** Returns true if there is a next page. */
    public boolean hasNext() {
        return nextToken.isPresent();
    }

    /**
     * Returns the query for the next page: the same sandbox and limit, with this page's next token.
     *
     * @throws IllegalStateException if this is the last page
     */
    public ListSnapshotsRequest nextRequest() {
        String token = nextToken.orElseThrow(() -> new IllegalStateException("no next page"));
        return request.newBuilder().nextToken(token).build();
    }
}
