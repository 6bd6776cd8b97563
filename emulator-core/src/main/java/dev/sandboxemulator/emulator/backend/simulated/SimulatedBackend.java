package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ResourceUsage;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxSpec;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pure-JVM backend: each sandbox is an in-memory copy-on-write filesystem.
 *
 * <p>Deterministic and instant: a snapshot is a {@link CowFileSystem#fork() fork} that copies no
 * file contents, so a running parent is suspended for the time it takes to copy one pointer.
 */
public final class SimulatedBackend implements Backend {

    /** A baseline for reported memory use: what an idle sandbox's envd and shell would hold. */
    private static final long BASELINE_MEMORY_BYTES = 32L * 1024 * 1024;

    private final Clock clock;
    private final Map<String, SimulatedSandbox> sandboxes = new ConcurrentHashMap<>();

    public SimulatedBackend(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public void create(String sandboxId, SandboxSpec spec) {
        sandboxes.put(sandboxId, new SimulatedSandbox(CowFileSystem.withDefaultLayout(clock)));
    }

    @Override
    public void restore(BackendSnapshot snapshot, String sandboxId, SandboxSpec spec) {
        if (!(snapshot instanceof Snapshot)) {
            throw new BackendException("not a snapshot of the simulated backend: " + snapshot);
        }
        sandboxes.put(sandboxId, new SimulatedSandbox(((Snapshot) snapshot).fileSystem.fork()));
    }

    @Override
    public BackendSnapshot snapshot(String sandboxId) {
        return new Snapshot(sandboxId, sandbox(sandboxId).fileSystem.fork());
    }

    @Override
    public void discard(BackendSnapshot snapshot) {
        // Nothing to release: the snapshot's nodes are garbage once nobody refers to them.
    }

    @Override
    public void pause(String sandboxId) {
        sandbox(sandboxId).paused = true;
    }

    @Override
    public void resume(String sandboxId) {
        sandbox(sandboxId).paused = false;
    }

    @Override
    public void kill(String sandboxId) {
        sandboxes.remove(sandboxId);
    }

    @Override
    public SandboxFileSystem fileSystem(String sandboxId) {
        return sandbox(sandboxId).fileSystem;
    }

    @Override
    public ProcessManager processes(String sandboxId) {
        throw new BackendException("processes are not implemented by the simulated backend yet");
    }

    @Override
    public ResourceUsage usage(String sandboxId) {
        SimulatedSandbox sandbox = sandbox(sandboxId);
        long disk = sandbox.fileSystem.totalBytes();
        return new ResourceUsage(0.0, sandbox.paused ? 0 : BASELINE_MEMORY_BYTES, disk);
    }

    @Override
    public void close() {
        sandboxes.clear();
    }

    /** For tests of copy-on-write: the sandbox's own filesystem object. */
    CowFileSystem cowFileSystem(String sandboxId) {
        return sandbox(sandboxId).fileSystem;
    }

    private SimulatedSandbox sandbox(String sandboxId) {
        SimulatedSandbox sandbox = sandboxes.get(sandboxId);
        if (sandbox == null) {
            throw new BackendException("the simulated backend holds no sandbox " + sandboxId);
        }
        return sandbox;
    }

    private static final class SimulatedSandbox {
        final CowFileSystem fileSystem;
        volatile boolean paused;

        SimulatedSandbox(CowFileSystem fileSystem) {
            this.fileSystem = fileSystem;
        }
    }

    private static final class Snapshot implements BackendSnapshot {
        final String source;
        final CowFileSystem fileSystem;

        Snapshot(String source, CowFileSystem fileSystem) {
            this.source = source;
            this.fileSystem = fileSystem;
        }

        @Override
        public String sourceSandboxId() {
            return source;
        }
    }
}
