package dev.sandboxemulator.emulator.behaviour;

import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.Optional;

/**
 * Guards tests that need the docker backend: on a machine where it cannot run they are skipped with
 * the reason, unless docker is required (as in CI), in which case they fail with the reason.
 *
 * <p>Docker is required when the environment variable {@value #ENVIRONMENT_VARIABLE} is set to
 * anything but an empty value or {@code false}, or when the system property
 * {@value #SYSTEM_PROPERTY} is {@code true}.
 *
 * <pre>{@code
 * @BeforeAll
 * static void needsDocker() {
 *     DockerRequirement.assumeAvailable();
 * }
 * }</pre>
 */
public final class DockerRequirement {
    /** The environment variable that turns a skip into a failure. */
    public static final String ENVIRONMENT_VARIABLE = "SANDBOX_EMULATOR_REQUIRE_DOCKER";
    /** The system property that turns a skip into a failure. */
    public static final String SYSTEM_PROPERTY = "sandbox.emulator.requireDocker";

    private static final String BACKEND = "docker";

    private DockerRequirement() {
    }

    /**
     * Returns normally when the docker backend can run here; otherwise aborts the caller (a skip, with
     * the reason) or, when docker is {@linkplain #isRequired() required}, fails it with the reason.
     * Call it from {@code @BeforeAll} to skip a whole class, or first thing in a test.
     */
    public static void assumeAvailable() {
        check(SandboxEmulator.backendUnavailableReason(BACKEND), isRequired());
    }

    /** Whether this run requires docker: an unavailable docker backend is then a failure, not a skip. */
    public static boolean isRequired() {
        return isRequired(System.getenv(ENVIRONMENT_VARIABLE), System.getProperty(SYSTEM_PROPERTY));
    }

    static boolean isRequired(String environmentVariable, String systemProperty) {
        boolean byEnvironment = environmentVariable != null && !environmentVariable.isBlank()
                && !environmentVariable.trim().equalsIgnoreCase("false");
        boolean byProperty = systemProperty != null && systemProperty.trim().equalsIgnoreCase("true");
        return byEnvironment || byProperty;
    }

    static void check(Optional<String> unavailableReason, boolean required) {
        if (unavailableReason.isEmpty()) {
            return;
        }
        String reason = "the docker backend is unavailable: " + unavailableReason.get();
        if (required) {
            Assertions.fail(reason + " (failing rather than skipping because docker is required: "
                    + ENVIRONMENT_VARIABLE + " or -D" + SYSTEM_PROPERTY + "=true is set)");
        }
        Assumptions.abort(reason + " (set " + ENVIRONMENT_VARIABLE + "=true or -D" + SYSTEM_PROPERTY
                + "=true to fail instead of skipping)");
    }
}
