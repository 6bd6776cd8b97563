package dev.sandboxemulator.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SandboxClient#clone(String, CloneRequest)} asks for. Instances are immutable; derive changed copies with
 * {@link #newBuilder()}.
 *
 * @param count how many clones to make; at least 1 (default 1)
 * @param strict if true, the server makes all {@code count} clones or none; if false (the default) it returns however
 *     many succeeded
 * @param timeout the clones' timeout; when empty the server decides (the docs say clones of a running sandbox inherit
 *     its timeout and clones of a paused one get 5 minutes)
 * @param nodeId the node to place the clones on, when the caller wants to choose
 */
public record CloneRequest(int count, boolean strict, Optional<Duration> timeout, Optional<String> nodeId) {
    /** The default request: one clone, not strict, server-chosen timeout. */
    public static final CloneRequest DEFAULT = new CloneRequest(1, false, Optional.empty(), Optional.empty());

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if {@code count < 1} or {@code timeout} is negative
     */
    public CloneRequest {
        if (count < 1) {
            throw new IllegalArgumentException("count < 1: " + count);
        }
        Objects.requireNonNull(timeout, "timeout == null");
        timeout.ifPresent(t -> Checks.nonNegative(t, "timeout"));
        Objects.requireNonNull(nodeId, "nodeId == null");
    }

    /** Returns a builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from this request. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link CloneRequest}s. Not thread-safe. */
    public static final class Builder {
        private int count = 1;
        private boolean strict;
        private Duration timeout;
        private String nodeId;

        Builder() {}

        Builder(CloneRequest request) {
            this.count = request.count;
            this.strict = request.strict;
            this.timeout = request.timeout.orElse(null);
            this.nodeId = request.nodeId.orElse(null);
        }

        /** Sets how many clones to make. Default 1. */
        public Builder count(int count) {
            this.count = count;
            return this;
        }

        /** Sets whether the server must make all clones or none. Default false. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** Sets the clones' timeout; null lets the server decide (the default). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Sets the node to place the clones on; null lets the server decide (the default). */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /**
         * Returns the request.
         *
         * @throws IllegalArgumentException if {@code count < 1} or the timeout is negative
         */
        public CloneRequest build() {
            return new CloneRequest(count, strict, Optional.ofNullable(timeout), Optional.ofNullable(nodeId));
        }
    }
}
