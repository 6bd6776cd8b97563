package dev.sandboxemulator.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options shared by the {@link Filesystem} calls. Instances are immutable; derive changed copies with
 * {@link #newBuilder()}.
 *
 * @param user the user whose permissions and home directory apply; when empty, envd's default user
 * @param gzip whether reads ask for a gzip-compressed response ({@code Accept-Encoding: gzip}); the client
 *     decompresses it. Other calls ignore it.
 * @param requestTimeout the timeout of the HTTP request; when empty, the client's request timeout. Zero means none.
 */
public record FileOptions(Optional<String> user, boolean gzip, Optional<Duration> requestTimeout) {
    /** The default options: the default user, no compression, the client's request timeout. */
    public static final FileOptions DEFAULT = new FileOptions(Optional.empty(), false, Optional.empty());

    /**
     * Checks the arguments.
     *
     * @throws IllegalArgumentException if {@code requestTimeout} is negative
     */
    public FileOptions {
        Objects.requireNonNull(user, "user == null");
        Objects.requireNonNull(requestTimeout, "requestTimeout == null");
        requestTimeout.ifPresent(t -> Checks.nonNegative(t, "requestTimeout"));
    }

    /** Returns the default options with {@code user} selected. */
    public static FileOptions asUser(String user) {
        return builder().user(Objects.requireNonNull(user, "user == null")).build();
    }

    /** Returns a builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from these options. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link FileOptions}. Not thread-safe. */
    public static final class Builder {
        private String user;
        private boolean gzip;
        private Duration requestTimeout;

        Builder() {}

        Builder(FileOptions options) {
            this.user = options.user.orElse(null);
            this.gzip = options.gzip;
            this.requestTimeout = options.requestTimeout.orElse(null);
        }

        /** Sets the user; null selects envd's default user (the default). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Sets whether reads ask for gzip compression. Default false. */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /** Sets the request timeout; null uses the client's (the default). Zero means none. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException if the request timeout is negative
         */
        public FileOptions build() {
            return new FileOptions(Optional.ofNullable(user), gzip, Optional.ofNullable(requestTimeout));
        }
    }
}
