package dev.sandboxemulator.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SandboxClient#fork(String, ForkRequest)} asks for, E2B's fork. Instances are immutable; derive changed
 * copies with {@link #newBuilder()}.
 *
 * @param count how many forks to make; at least 1 (default 1). The server also refuses more than 100, or as many as the
 *     team's concurrency limit
 * @param timeout the forks' timeout; when empty the server decides (E2B gives forks 15 seconds)
 */
public record ForkRequest(int count, Optional<Duration> timeout) {
    /** The default request: one fork with the server's default timeout. */
    public static final ForkRequest DEFAULT = new ForkRequest(1, Optional.empty());

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if {@code count < 1} or {@code timeout} is not positive
     */
    public ForkRequest {
        if (count < 1) {
            throw new IllegalArgumentException("count < 1: " + count);
        }
        Objects.requireNonNull(timeout, "timeout == null");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + t);
            }
        });
    }

    /** Returns a builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from this request. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link ForkRequest}s. Not thread-safe. */
    public static final class Builder {
        private int count = 1;
        private Duration timeout;

        Builder() {}

        Builder(ForkRequest request) {
            this.count = request.count;
            this.timeout = request.timeout.orElse(null);
        }

        /** Sets how many forks to make. Default 1. */
        public Builder count(int count) {
            this.count = count;
            return this;
        }

        /** Sets the forks' timeout, rounded up to whole seconds; null lets the server decide (the default). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Returns the request.
         *
         * @throws IllegalArgumentException if {@code count < 1} or the timeout is not positive
         */
        public ForkRequest build() {
            return new ForkRequest(count, Optional.ofNullable(timeout));
        }
    }
}
