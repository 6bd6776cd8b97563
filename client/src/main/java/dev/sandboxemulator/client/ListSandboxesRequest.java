package dev.sandboxemulator.client;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A query for {@link SandboxClient#list(ListSandboxesRequest)}. Instances are immutable; derive changed copies with
 * {@link #newBuilder()}.
 *
 * <p>Every part is optional and is only sent when set. Without states the server lists running and paused sandboxes;
 * without a limit it uses its own page size.
 *
 * @param metadata only sandboxes whose metadata contains all of these entries
 * @param states only sandboxes in one of these states; empty means the server default
 * @param limit the maximum page size
 * @param nextToken the token of the page to fetch, from {@link SandboxPage#nextToken()}
 */
public record ListSandboxesRequest(
        Map<String, String> metadata, Set<SandboxState> states, Optional<Integer> limit, Optional<String> nextToken) {

    /** The query with nothing set. */
    public static final ListSandboxesRequest ALL =
            new ListSandboxesRequest(Map.of(), Set.of(), Optional.empty(), Optional.empty());

    /**
     * Checks the arguments and makes immutable copies; {@code states} keeps the enum's order.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public ListSandboxesRequest {
        metadata = Checks.copyOf(metadata, "metadata");
        states = copyOf(states);
        Objects.requireNonNull(limit, "limit == null");
        limit.ifPresent(
                n -> {
                    if (n < 1) {
                        throw new IllegalArgumentException("limit < 1: " + n);
                    }
                });
        Objects.requireNonNull(nextToken, "nextToken == null");
    }

    private static Set<SandboxState> copyOf(Collection<SandboxState> states) {
        Objects.requireNonNull(states, "states == null");
        EnumSet<SandboxState> copy = EnumSet.noneOf(SandboxState.class);
        for (SandboxState state : states) {
            copy.add(Objects.requireNonNull(state, "states contains null"));
        }
        return Collections.unmodifiableSet(copy);
    }

    /** Returns a builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from this request. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link ListSandboxesRequest}s. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Set<SandboxState> states = Set.of();
        private Integer limit;
        private String nextToken;

        Builder() {}

        Builder(ListSandboxesRequest request) {
            this.metadata.putAll(request.metadata);
            this.states = request.states;
            this.limit = request.limit.orElse(null);
            this.nextToken = request.nextToken.orElse(null);
        }

        /** Replaces the metadata filter. */
        public Builder metadata(Map<String, String> metadata) {
            Objects.requireNonNull(metadata, "metadata == null");
            this.metadata.clear();
            this.metadata.putAll(metadata);
            return this;
        }

        /** Adds one entry to the metadata filter. */
        public Builder putMetadata(String key, String value) {
            this.metadata.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
            return this;
        }

        /** Sets the states to list; an empty set means the server default. */
        public Builder states(Set<SandboxState> states) {
            this.states = Objects.requireNonNull(states, "states == null");
            return this;
        }

        /** Sets the states to list. */
        public Builder states(SandboxState... states) {
            return states(Set.of(states));
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
         * @throws IllegalArgumentException if the limit is less than 1
         */
        public ListSandboxesRequest build() {
            return new ListSandboxesRequest(metadata, states, Optional.ofNullable(limit), Optional.ofNullable(nextToken));
        }
    }
}
