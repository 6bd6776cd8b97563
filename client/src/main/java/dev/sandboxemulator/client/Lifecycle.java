package dev.sandboxemulator.client;

import java.util.Locale;
import java.util.Objects;

/**
 * What happens to a sandbox when its timeout expires. Instances are immutable.
 *
 * <p>{@code autoResume} lets a paused sandbox be woken by SDK operations or requests to its URL; the control plane only
 * accepts it together with {@link OnTimeout#PAUSE}, which {@link CreateSandboxRequest} checks.
 *
 * @param onTimeout what the control plane does at expiry
 * @param autoResume whether a paused sandbox resumes automatically
 */
public record Lifecycle(OnTimeout onTimeout, boolean autoResume) {
    /** The default lifecycle: kill at expiry, no auto-resume. */
    public static final Lifecycle DEFAULT = new Lifecycle(OnTimeout.KILL, false);

    /** What the control plane does when a sandbox's timeout expires. */
    public enum OnTimeout {
        /** Kill the sandbox (the default). */
        KILL("kill"),
        /** Pause the sandbox, keeping its filesystem and memory. */
        PAUSE("pause");

        private final String wireValue;

        OnTimeout(String wireValue) {
            this.wireValue = wireValue;
        }

        /** Returns the value used on the wire, {@code "kill"} or {@code "pause"}. */
        public String wireValue() {
            return wireValue;
        }

        /**
         * Returns the constant whose wire value is {@code value}, ignoring case.
         *
         * @throws IllegalArgumentException if {@code value} is not a known value
         */
        public static OnTimeout fromWire(String value) {
            if (value != null) {
                String lower = value.toLowerCase(Locale.ROOT);
                for (OnTimeout onTimeout : values()) {
                    if (onTimeout.wireValue.equals(lower)) {
                        return onTimeout;
                    }
                }
            }
            throw new IllegalArgumentException("unknown onTimeout value: " + value);
        }
    }

    /** Checks that {@code onTimeout} is not null. */
    public Lifecycle {
        Objects.requireNonNull(onTimeout, "onTimeout == null");
    }

    /** Returns a lifecycle that kills the sandbox at expiry. */
    public static Lifecycle killOnTimeout() {
        return DEFAULT;
    }

    /** Returns a lifecycle that pauses the sandbox at expiry, resuming it automatically when {@code autoResume}. */
    public static Lifecycle pauseOnTimeout(boolean autoResume) {
        return new Lifecycle(OnTimeout.PAUSE, autoResume);
    }
}
