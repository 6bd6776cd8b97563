package dev.sandboxemulator.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SandboxClient#create(CreateSandboxRequest)} asks for. Instances are immutable; derive changed copies with
 * {@link #newBuilder()}.
 *
 * <p>The defaults match the official SDK: template {@code "base"}, a 5-minute timeout, no metadata or environment
 * variables, kill at expiry, secure, and internet access allowed.
 *
 * @param template the template (or snapshot) ID or alias to start from
 * @param timeout how long the sandbox lives; sent as whole seconds, rounded up
 * @param metadata metadata to attach to the sandbox, in iteration order
 * @param envs environment variables for every process in the sandbox, in iteration order
 * @param lifecycle what happens when the timeout expires
 * @param secure whether envd requires the sandbox's access token
 * @param allowInternetAccess whether the sandbox may reach the internet
 */
public record CreateSandboxRequest(
        String template,
        Duration timeout,
        Map<String, String> metadata,
        Map<String, String> envs,
        Lifecycle lifecycle,
        boolean secure,
        boolean allowInternetAccess) {

    /** The template used when none is given. */
    public static final String DEFAULT_TEMPLATE = "base";

    /** The sandbox timeout used when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Checks the arguments and makes immutable copies of the maps.
     *
     * @throws IllegalArgumentException if {@code template} is empty, {@code timeout} is negative, or {@code lifecycle}
     *     asks for auto-resume without pausing at expiry
     */
    public CreateSandboxRequest {
        Checks.id(template, "template");
        Checks.nonNegative(timeout, "timeout");
        metadata = Checks.copyOf(metadata, "metadata");
        envs = Checks.copyOf(envs, "envs");
        Objects.requireNonNull(lifecycle, "lifecycle == null");
        if (lifecycle.autoResume() && lifecycle.onTimeout() != Lifecycle.OnTimeout.PAUSE) {
            throw new IllegalArgumentException("autoResume requires onTimeout == PAUSE");
        }
    }

    /** Returns a builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder initialized from this request. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Builds {@link CreateSandboxRequest}s. Not thread-safe. */
    public static final class Builder {
        private String template = DEFAULT_TEMPLATE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, String> envs = new LinkedHashMap<>();
        private Lifecycle lifecycle = Lifecycle.DEFAULT;
        private boolean secure = true;
        private boolean allowInternetAccess = true;

        Builder() {}

        Builder(CreateSandboxRequest request) {
            this.template = request.template;
            this.timeout = request.timeout;
            this.metadata.putAll(request.metadata);
            this.envs.putAll(request.envs);
            this.lifecycle = request.lifecycle;
            this.secure = request.secure;
            this.allowInternetAccess = request.allowInternetAccess;
        }

        /** Sets the template (or snapshot) ID or alias. Default {@code "base"}. */
        public Builder template(String template) {
            this.template = Objects.requireNonNull(template, "template == null");
            return this;
        }

        /** Sets how long the sandbox lives. Default 5 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout == null");
            return this;
        }

        /** Replaces all metadata with {@code metadata}. */
        public Builder metadata(Map<String, String> metadata) {
            Objects.requireNonNull(metadata, "metadata == null");
            this.metadata.clear();
            this.metadata.putAll(metadata);
            return this;
        }

        /** Adds one metadata entry. */
        public Builder putMetadata(String key, String value) {
            this.metadata.put(Objects.requireNonNull(key, "key == null"), Objects.requireNonNull(value, "value == null"));
            return this;
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

        /** Sets what happens when the timeout expires. Default {@link Lifecycle#DEFAULT}. */
        public Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle == null");
            return this;
        }

        /** Sets whether envd requires the sandbox's access token. Default true. */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** Sets whether the sandbox may reach the internet. Default true. */
        public Builder allowInternetAccess(boolean allowInternetAccess) {
            this.allowInternetAccess = allowInternetAccess;
            return this;
        }

        /**
         * Returns the request.
         *
         * @throws IllegalArgumentException if the settings are inconsistent (see {@link CreateSandboxRequest})
         */
        public CreateSandboxRequest build() {
            return new CreateSandboxRequest(template, timeout, metadata, envs, lifecycle, secure, allowInternetAccess);
        }
    }
}
