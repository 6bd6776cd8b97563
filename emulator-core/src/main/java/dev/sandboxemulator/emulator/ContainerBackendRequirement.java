package dev.sandboxemulator.emulator;

import java.util.Locale;

/**
 * Whether this run requires the container backends (docker and podman): where they cannot run, their tests then fail
 * with the reason instead of being skipped, as CI wants. The one place that reads the switch, so that the emulator's
 * own tests and {@code @SandboxTest} agree on what it means.
 *
 * <p>The switch is the environment variable {@value #ENVIRONMENT_VARIABLE} or the system property
 * {@value #SYSTEM_PROPERTY}; either turns it on when set to {@code true}, {@code 1} or {@code yes} (any case,
 * surrounding blanks ignored). Any other value, or none, leaves it off.
 */
public final class ContainerBackendRequirement {
    /** The environment variable that turns a skip into a failure; CI sets it to {@code 1}. */
    public static final String ENVIRONMENT_VARIABLE = "SANDBOX_EMULATOR_REQUIRE_DOCKER";
    /** The system property that turns a skip into a failure. */
    public static final String SYSTEM_PROPERTY = "sandbox.emulator.requireDocker";

    private ContainerBackendRequirement() {
    }

    /** Whether this JVM's environment or system properties require the container backends. */
    public static boolean isRequired() {
        return isRequired(System.getenv(ENVIRONMENT_VARIABLE), System.getProperty(SYSTEM_PROPERTY));
    }

    /** Whether the given values of the environment variable and the system property (each may be null) require them. */
    public static boolean isRequired(String environmentVariable, String systemProperty) {
        return isYes(environmentVariable) || isYes(systemProperty);
    }

    /** Whether {@code value} turns the switch on: {@code true}, {@code 1} or {@code yes}, in any case; null is no. */
    public static boolean isYes(String value) {
        if (value == null) {
            return false;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        return normalized.equals("true") || normalized.equals("1") || normalized.equals("yes");
    }
}
