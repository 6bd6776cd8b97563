package dev.sandboxemulator.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The time range asked of {@link SandboxClient#getMetrics(String, MetricsRequest)}. Instances are immutable; derive
 * changed copies with {@link #newBuilder()}.
 *
 * <p>Both ends are optional and inclusive, and only sent when set; the wire carries whole unix seconds, so each is
 * rounded down to its second. Without either the server returns every sample it keeps.
 *
 * @param start the earliest sample wanted
 * @param end the latest sample wanted
 */
public record MetricsRequest(Optional<Instant> start, Optional<Instant> end) {

    /** The request with no range: every sample the server keeps. */
    public static final MetricsRequest ALL = new MetricsRequest(Optional.empty(), Optional.empty());

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if both ends are set and {@code end} is before {@code start}, a range no sample
     *     can fall in
     */
    public MetricsRequest {
        Objects.requireNonNull(start, "start == null");
        Objects.requireNonNull(end, "end == null");
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            throw new IllegalArgumentException("end is before start: start=" + start.get() + ", end=" + end.get());
        }
    }

    /** Returns a builder with no range set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from this request. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link MetricsRequest}s. Not thread-safe. */
    public static final class Builder {
        private Instant start;
        private Instant end;

        Builder() {}

        Builder(MetricsRequest request) {
            this.start = request.start.orElse(null);
            this.end = request.end.orElse(null);
        }

        /** Sets the earliest sample wanted; null leaves the range open at the start (the default). */
        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        /** Sets the latest sample wanted; null leaves the range open at the end (the default). */
        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        /**
         * Returns the request.
         *
         * @throws IllegalArgumentException if the end is before the start
         */
        public MetricsRequest build() {
            return new MetricsRequest(Optional.ofNullable(start), Optional.ofNullable(end));
        }
    }
}
