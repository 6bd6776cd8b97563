package dev.sandboxemulator.emulator;

import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.time.Clock;
import java.util.List;

/**
 * One team of an emulator, and the controls a test needs over it: the URLs and API key its clients use,
 * its clock, stubs and faults, and its sandboxes. Its methods act on this team's own sandboxes (only the
 * emulator's {@link #stubs()} reach further).
 *
 * <p>There are two kinds: a {@link SandboxEmulator} is the whole emulator, seen as its default team (the one
 * every API key reaches unless a tenant claims it); a {@link SandboxTenant} is an isolated team opened with
 * {@link SandboxEmulator#newTenant}. Each says what its own {@code close()} does; this type has none, so code
 * that takes a {@code SandboxTeam} (a test's control surface, a helper) uses a team without owning it.
 */
public interface SandboxTeam {

    /** The control-plane base URL: the SDK's {@code NOVITA_API_URL}. */
    String apiUrl();

    /**
     * The data-plane (envd) base URL of this team's sandboxes: the SDK's {@code NOVITA_SANDBOX_URL}.
     * All of them share it; requests name their sandbox in a header. A tenant's URL reaches only the
     * tenant's sandboxes.
     */
    String sandboxUrl();

    /** The API key that reaches this team's sandboxes: the SDK's {@code NOVITA_API_KEY}. */
    String apiKey();

    /** The clock behind timestamps, timeouts and {@code sleep}; a {@link ManualClock} when one was asked for. */
    Clock clock();

    /**
     * The manual clock, for tests that move time.
     *
     * @throws IllegalStateException if this team runs on another clock
     */
    default ManualClock manualClock() {
        Clock clock = clock();
        if (!(clock instanceof ManualClock)) {
            throw new IllegalStateException("this emulator runs on " + clock + "; ask for a manual clock to move time");
        }
        return (ManualClock) clock;
    }

    /**
     * The commands that the simulated backend fakes: a test registers what {@code python3 train.py} (or any
     * program the sandbox lacks) prints and returns. Unmatched unknown commands exit 127. A tenant's stubs
     * reach only its own sandboxes; the emulator's reach every sandbox on it, its tenants' included.
     */
    Stubs stubs();

    /** Where tests plant failures for clones of this team's sandboxes. */
    CloneFaults faults();

    /**
     * The backend's {@linkplain Backend#name() name}: {@code simulated}, {@code docker}, {@code podman}, or
     * whatever a backend plugged in with {@link SandboxEmulator.Builder#backend(Backend)} calls itself.
     */
    String backendName();

    /** The ids of every sandbox of this team that exists now (running or paused), oldest first. */
    List<String> sandboxIds();

    /** How many of this team's sandboxes run now: the figure its running quota limits. */
    int runningCount();

    /**
     * A sandbox's filesystem, to seed files before a test or inspect them after, without going
     * through the data plane.
     *
     * @throws java.util.NoSuchElementException if this team has no such sandbox
     */
    SandboxFileSystem fileSystem(String sandboxId);
}
