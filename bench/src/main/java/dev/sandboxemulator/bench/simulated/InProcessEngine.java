package dev.sandboxemulator.bench.simulated;

import dev.sandboxemulator.emulator.backend.simulated.SimulatedBackend;
import dev.sandboxemulator.emulator.engine.ClockScheduler;
import dev.sandboxemulator.emulator.engine.CloneCommand;
import dev.sandboxemulator.emulator.engine.CloneFaultPolicy;
import dev.sandboxemulator.emulator.engine.CreateCommand;
import dev.sandboxemulator.emulator.engine.Engine;
import dev.sandboxemulator.emulator.engine.EngineSettings;
import dev.sandboxemulator.emulator.engine.IdGenerator;
import dev.sandboxemulator.emulator.engine.Lifecycle;
import dev.sandboxemulator.emulator.engine.SandboxView;
import dev.sandboxemulator.emulator.engine.Tenant;
import dev.sandboxemulator.emulator.engine.dataplane.DataPlane;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The engine the emulator's HTTP handlers call, on the simulated backend, without the HTTP server:
 * built as {@code RunningEmulator} builds it (simulated backend, ticking scheduler on the system
 * clock, random ids, a default tenant without faults) but with no {@code EmulatorServer} on top, so
 * what the benchmarks time is the engine and the backend, not loopback HTTP (the http section times that).
 *
 * <p>The running quota is raised far above the service's 100 so that a clone of 100 copies, and the
 * sandboxes a memory measurement makes, are not refused; the quota is a counter, so its size costs nothing.
 */
final class InProcessEngine implements AutoCloseable {
    /** Room for a parent and 100 copies, and for the memory probe's hundreds of sandboxes. */
    static final int RUNNING_QUOTA = 10_000;

    private final ClockScheduler scheduler;
    private final Engine engine;
    private final Tenant tenant;
    private final DataPlane dataPlane;

    InProcessEngine() {
        Clock clock = Clock.systemUTC();
        scheduler = ClockScheduler.ticking(clock);
        tenant = new Tenant("bench", clock, scheduler, RUNNING_QUOTA, CloneFaultPolicy.NONE);
        engine = new Engine(new SimulatedBackend(clock, scheduler, new Stubs()),
                EngineSettings.DEFAULTS.withRunningQuota(RUNNING_QUOTA), IdGenerator.random(), tenant);
        dataPlane = new DataPlane(engine);
    }

    Engine engine() {
        return engine;
    }

    Tenant tenant() {
        return tenant;
    }

    DataPlane dataPlane() {
        return dataPlane;
    }

    /** Creates a sandbox of the {@code base} template with the service's defaults (secure, 300 s), as a bare SDK create does. */
    SandboxView create() {
        return engine.create(tenant, CreateCommand.asRequested("base", Map.of(), Map.of(), null, null, null, Lifecycle.DEFAULT));
    }

    /** One clone request for {@code count} copies of {@code sandboxId}; the copies' ids. */
    List<String> clone(String sandboxId, int count) {
        return engine.clone(tenant, sandboxId, new CloneCommand(count, false, OptionalLong.empty())).clones().stream()
                .map(SandboxView::sandboxId).toList();
    }

    void kill(String sandboxId) {
        engine.kill(tenant, sandboxId);
    }

    void killAll(List<String> sandboxIds) {
        sandboxIds.forEach(this::kill);
    }

    /** The sandbox's filesystem as {@code SandboxTeam.fileSystem(id)} hands it to a test: for seeding files. */
    SandboxFileSystem fileSystem(String sandboxId) {
        return engine.fileSystem(tenant, sandboxId);
    }

    /** Kills every sandbox, closes the backend, then stops the scheduler thread, as the emulator's close does. */
    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            scheduler.close();
        }
    }
}
