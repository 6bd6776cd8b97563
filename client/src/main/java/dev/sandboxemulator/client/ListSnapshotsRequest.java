package dev.sandboxemulator.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A query for {@link SandboxClient#listSnapshots(ListSnapshotsRequest)}. Instances are immutable; derive changed copies
 * with {@link #newBuilder()}.
 *
 * <p>Every part is optional and is only sent when set: without a sandbox ID the server lists the snapshots of every
 * sandbox, without a limit it uses its own page size, without a token it returns the first page.
 *
 * @param sandboxId only snapshots taken of this sandbox
 * @param name only snapshots with this name or ID (a name may be tag-qualified, {@code name:tag}); E2B's filter
 * @param limit the maximum page size
 * @param nextToken the token of the page to fetch, from {@link SnapshotPage#nextToken()}
 */
public record ListSnapshotsRequest(
        Optional<String> sandboxId, Optional<String> name, Optional<Integer> limit, Optional<String> nextToken) {

    /** The query with nothing set: the first page of every snapshot, in the server's page size. */
    public static final ListSnapshotsRequest ALL =
            new ListSnapshotsRequest(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if {@code sandboxId} or {@code name} is empty, or {@code limit < 1}
     */
    public ListSnapshotsRequest {
        Objects.requireNonNull(sandboxId, "sandboxId == null");
        sandboxId.ifPresent(id -> Checks.id(id, "sandboxId"));
        Objects.requireNonNull(name, "name == null");
        name.ifPresent(n -> Checks.id(n, "name"));
        Objects.requireNonNull(limit, "limit == null");
        limit.ifPresent(
                n -> {
                    if (n < 1) {
                        throw new IllegalArgumentException("limit < 1: " + n);
                    }
                });
        Objects.requireNonNull(nextToken, "nextToken == null");
    }

    /** Returns a builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from this request. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link ListSnapshotsRequest}s. Not thread-safe. */
    public static final class Builder {
        private String sandboxId;
        private String name;
        private Integer limit;
        private String nextToken;

        Builder() {}

        Builder(ListSnapshotsRequest request) {
            this.sandboxId = request.sandboxId.orElse(null);
            this.name = request.name.orElse(null);
            this.limit = request.limit.orElse(null);
            this.nextToken = request.nextToken.orElse(null);
        }

        /** Lists only the snapshots of this sandbox; null lists every sandbox's (the default). */
        public Builder sandboxId(String sandboxId) {
            this.sandboxId = sandboxId;
            return this;
        }

        /** Lists only the snapshots with this name or ID ({@code name:tag} allowed); null lists all (the default). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets the maximum page size; null means the server default. */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        /** Sets the token of the page to fetch; null means the first page. */
        public Builder nextToken(String nextToken) {
            this.nextToken = nextToken;
            return this;
        }

        /**
         * Returns the request.
         *
         * @throws IllegalArgumentException if the sandbox ID or name is empty or the limit is less than 1
         */
        public ListSnapshotsRequest build() {
            return new ListSnapshotsRequest(Optional.ofNullable(sandboxId), Optional.ofNullable(name),
                    Optional.ofNullable(limit), Optional.ofNullable(nextToken));
        }
    }
}
