package dev.sandboxemulator.emulator.behaviour;

import dev.sandboxemulator.emulator.ContainerBackendRequirement;
import dev.sandboxemulator.emulator.SandboxEmulator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Guards tests that need a container backend (docker or podman): on a machine where it cannot run
 * they are skipped with the reason, unless container backends are required (as in CI), in which
 * case they fail with the reason.
 *
 * <p>Whether they are required is {@link ContainerBackendRequirement}'s call (the environment variable
 * {@value #ENVIRONMENT_VARIABLE} or the system property {@value #SYSTEM_PROPERTY} set to {@code true},
 * {@code 1} or {@code yes}), the same parser {@code @SandboxTest} uses.
 *
 * <p>Call {@link #assumeAvailable()} from a {@code @BeforeAll} method to skip (or fail) a whole class,
 * before anything starts a docker emulator.
 */
public final class ContainerRequirement {
    /** The environment variable that turns a skip into a failure. */
    public static final String ENVIRONMENT_VARIABLE = ContainerBackendRequirement.ENVIRONMENT_VARIABLE;
    /** The system property that turns a skip into a failure. */
    public static final String SYSTEM_PROPERTY = ContainerBackendRequirement.SYSTEM_PROPERTY;

    private static final int CAP_SYS_RESOURCE = 24;

    private ContainerRequirement() {
    }

    /**
     * Returns normally when the docker backend can run here; otherwise aborts the caller (a skip, with
     * the reason) or, when docker is {@linkplain #isRequired() required}, fails it with the reason.
     * Call it from {@code @BeforeAll} to skip a whole class, or first thing in a test.
     */
    public static void assumeAvailable() {
        assumeAvailable("docker");
    }

    /** {@link #assumeAvailable()} for the {@code docker} or {@code podman} backend. */
    public static void assumeAvailable(String backend) {
        check(backend, SandboxEmulator.backendUnavailableReason(backend), isRequired());
    }

    /** Whether this run requires docker: an unavailable docker backend is then a failure, not a skip. */
    public static boolean isRequired() {
        return ContainerBackendRequirement.isRequired();
    }

    /**
     * Why docker sandboxes on this host run every process with uid 0, whatever user it asks for, or
     * empty when they switch users. CRIU reads the resource limits of the processes it dumps with
     * {@code prlimit}, which for a process of another user needs CAP_SYS_RESOURCE; some hosts (sandboxed
     * CI VMs) withhold it even from root, and the docker backend then runs every process as root so that
     * pause and clone keep working (only the environment names the user).
     */
    public static Optional<String> whyProcessesCannotSwitchUsers() {
        return whyProcessesCannotSwitchUsers(readBoundingCapabilities());
    }

    static Optional<String> whyProcessesCannotSwitchUsers(Optional<Long> boundingCapabilities) {
        if (boundingCapabilities.isPresent() && (boundingCapabilities.get() & (1L << CAP_SYS_RESOURCE)) == 0) {
            return Optional.of("this host withholds CAP_SYS_RESOURCE (CapBnd " + Long.toHexString(boundingCapabilities.get())
                    + "), so CRIU cannot dump processes of other users and the docker backend runs every process as root");
        }
        return Optional.empty();
    }

    private static Optional<Long> readBoundingCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return Optional.of(Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static boolean isRequired(String environmentVariable, String systemProperty) {
        return ContainerBackendRequirement.isRequired(environmentVariable, systemProperty);
    }

    static void check(Optional<String> unavailableReason, boolean required) {
        check("docker", unavailableReason, required);
    }

    static void check(String backend, Optional<String> unavailableReason, boolean required) {
        if (unavailableReason.isEmpty()) {
            return;
        }
        String reason = "the " + backend + " backend is unavailable: " + unavailableReason.get();
        if (required) {
            Assertions.fail(reason + " (failing rather than skipping because docker is required: "
                    + ENVIRONMENT_VARIABLE + " or -D" + SYSTEM_PROPERTY + "=true is set)");
        }
        Assumptions.abort(reason + " (set " + ENVIRONMENT_VARIABLE + "=true or -D" + SYSTEM_PROPERTY
                + "=true to fail instead of skipping)");
    }
}
