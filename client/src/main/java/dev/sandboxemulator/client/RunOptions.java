package dev.sandboxemulator.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Options of {@link Commands#run}, {@link Commands#start} and {@link Commands#connect}. Instances are immutable; derive
 * changed copies with {@link #newBuilder()}. {@code connect} uses only {@code timeout}, {@code requestTimeout} and the
 * output callbacks.
 *
 * @param envs environment variables for the command, added to (and overriding) the sandbox's, in iteration order
 * @param cwd the working directory; when empty, the user's home directory
 * @param user the user to run as; when empty, envd's default user
 * @param timeout how long the command may run; envd kills it after that and the call fails with a
 *     {@link SandboxTimeoutException} (sent as {@code Connect-Timeout-Ms}). Zero means no limit. Default 60 seconds.
 * @param stdin whether the command gets a standard input that {@link Commands#sendStdin} can write to; when false it
 *     reads {@code /dev/null}. Default false.
 * @param onStdout called with each chunk of standard output as it arrives, on the command's reader thread
 * @param onStderr called with each chunk of standard error as it arrives, on the command's reader thread
 * @param requestTimeout how long to wait for envd to start the command; when empty, the client's request timeout. Zero
 *     means no limit.
 */
public record RunOptions(
        Map<String, String> envs,
        Optional<String> cwd,
        Optional<String> user,
        Duration timeout,
        boolean stdin,
        Consumer<String> onStdout,
        Consumer<String> onStderr,
        Optional<Duration> requestTimeout) {

    /** The command timeout used when none is given, like the SDK. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The default options. */
    public static final RunOptions DEFAULT = builder().build();

    /**
     * Checks the arguments and copies {@code envs}.
     *
     * @throws IllegalArgumentException if a timeout is negative
     */
    public RunOptions {
        envs = Checks.copyOf(envs, "envs");
        Objects.requireNonNull(cwd, "cwd == null");
        Objects.requireNonNull(user, "user == null");
        Checks.nonNegative(timeout, "timeout");
        Objects.requireNonNull(onStdout, "onStdout == null");
        Objects.requireNonNull(onStderr, "onStderr == null");
        Objects.requireNonNull(requestTimeout, "requestTimeout == null");
        requestTimeout.ifPresent(t -> Checks.nonNegative(t, "requestTimeout"));
    }

    /** Returns a builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from these options. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link RunOptions}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> envs = new LinkedHashMap<>();
        private String cwd;
        private String user;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean stdin;
        private Consumer<String> onStdout = chunk -> {};
        private Consumer<String> onStderr = chunk -> {};
        private Duration requestTimeout;

        Builder() {}

        Builder(RunOptions options) {
            this.envs.putAll(options.envs);
            this.cwd = options.cwd.orElse(null);
            this.user = options.user.orElse(null);
            this.timeout = options.timeout;
            this.stdin = options.stdin;
            this.onStdout = options.onStdout;
            this.onStderr = options.onStderr;
            this.requestTimeout = options.requestTimeout.orElse(null);
        }

        /** Replaces all environment variables with {@code envs}. */
        public Builder envs(Map<String, String> envs) {
            Objects.requireNonNull(envs, "envs == null");
            this.envs.clear();
            this.envs.putAll(envs);
            return this;
        }

        /** Adds one environment variable. */
        public Builder putEnv(String name, String value) {
            this.envs.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
            return this;
        }

        /** Sets the working directory; null uses the user's home (the default). */
        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        /** Sets the user to run as; null selects envd's default user (the default). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Sets how long the command may run; zero means no limit. Default 60 seconds. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout == null");
            return this;
        }

        /** Sets whether the command gets a writable standard input. Default false. */
        public Builder stdin(boolean stdin) {
            this.stdin = stdin;
            return this;
        }

        /** Sets the standard-output callback. Default: none. */
        public Builder onStdout(Consumer<String> onStdout) {
            this.onStdout = Objects.requireNonNull(onStdout, "onStdout == null");
            return this;
        }

        /** Sets the standard-error callback. Default: none. */
        public Builder onStderr(Consumer<String> onStderr) {
            this.onStderr = Objects.requireNonNull(onStderr, "onStderr == null");
            return this;
        }

        /** Sets how long to wait for envd to start the command; null uses the client's request timeout. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * Returns the options.
         *
         * @throws IllegalArgumentException if a timeout is negative
         */
        public RunOptions build() {
            return new RunOptions(
                    envs,
                    Optional.ofNullable(cwd),
                    Optional.ofNullable(user),
                    timeout,
                    stdin,
                    onStdout,
                    onStderr,
                    Optional.ofNullable(requestTimeout));
        }
    }
}
