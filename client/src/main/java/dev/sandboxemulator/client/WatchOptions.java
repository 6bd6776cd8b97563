package dev.sandboxemulator.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Options of {@link Filesystem#watchDir}. Instances are immutable; derive changed copies with {@link #newBuilder()}.
 *
 * @param recursive whether to watch subdirectories too (envd 0.1.4 or newer)
 * @param timeout how long the watch lasts; envd ends it with a timeout after that (sent as {@code Connect-Timeout-Ms}).
 *     Zero means no limit. Default 60 seconds, like the SDK.
 * @param user the user whose permissions apply; when empty, envd's default user
 * @param requestTimeout how long to wait for envd to confirm the watch; when empty, the client's request timeout. Zero
 *     means no limit.
 * @param onExit called once, on the watch's reader thread, when the watch ends: with an empty value when it ended
 *     normally or by {@link WatchHandle#stop()}, else with the failure (a {@link SandboxTimeoutException} when the
 *     timeout expired)
 */
public record WatchOptions(
        boolean recursive,
        Duration timeout,
        Optional<String> user,
        Optional<Duration> requestTimeout,
        Consumer<Optional<SandboxException>> onExit) {

    /** The watch timeout used when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The default options: not recursive, 60-second timeout, default user, no exit callback. */
    public static final WatchOptions DEFAULT = builder().build();

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if a timeout is negative
     */
    public WatchOptions {
        Checks.nonNegative(timeout, "timeout");
        Objects.requireNonNull(user, "user == null");
        Objects.requireNonNull(requestTimeout, "requestTimeout == null");
        requestTimeout.ifPresent(t -> Checks.nonNegative(t, "requestTimeout"));
        Objects.requireNonNull(onExit, "onExit == null");
    }

    /** Returns a builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from these options. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link WatchOptions}. Not thread-safe. */
    public static final class Builder {
        private boolean recursive;
        private Duration timeout = DEFAULT_TIMEOUT;
        private String user;
        private Duration requestTimeout;
        private Consumer<Optional<SandboxException>> onExit = exit -> {};

        Builder() {}

        Builder(WatchOptions options) {
            this.recursive = options.recursive;
            this.timeout = options.timeout;
            this.user = options.user.orElse(null);
            this.requestTimeout = options.requestTimeout.orElse(null);
            this.onExit = options.onExit;
        }

        /** Sets whether subdirectories are watched too. Default false. */
        public Builder recursive(boolean recursive) {
            this.recursive = recursive;
            return this;
        }

        /** Sets how long the watch lasts; zero means no limit. Default 60 seconds. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout == null");
            return this;
        }

        /** Sets the user; null selects envd's default user (the default). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Sets how long to wait for envd to confirm the watch; null uses the client's request timeout. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** Sets the exit callback. Default: none. */
        public Builder onExit(Consumer<Optional<SandboxException>> onExit) {
            this.onExit = Objects.requireNonNull(onExit, "onExit == null");
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException if a timeout is negative
         */
        public WatchOptions build() {
            return new WatchOptions(
                    recursive, timeout, Optional.ofNullable(user), Optional.ofNullable(requestTimeout), onExit);
        }
    }
}
