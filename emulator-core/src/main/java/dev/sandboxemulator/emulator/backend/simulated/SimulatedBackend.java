package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.backend.simulated.fs.CowFileSystem;
import dev.sandboxemulator.emulator.backend.simulated.process.ProcessHost;
import dev.sandboxemulator.emulator.backend.simulated.process.SimulatedProcesses;
import dev.sandboxemulator.emulator.spi.Backend;
import dev.sandboxemulator.emulator.spi.BackendException;
import dev.sandboxemulator.emulator.spi.BackendSnapshot;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ResourceUsage;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxSpec;
import dev.sandboxemulator.emulator.spi.VirtualTime;
import dev.sandboxemulator.emulator.stub.Stubs;

import java.time.Clock;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pure-JVM backend: each sandbox is an in-memory copy-on-write filesystem plus processes run
 * by a shell interpreter in the JVM, answering unknown programs from {@link Stubs}.
 *
 * <p>Deterministic and instant: a snapshot is a {@link CowFileSystem#fork() fork} that copies no
 * file contents, plus a deep copy of every running process (pid, output so far, position in its
 * script, variables, stub state, pending waits). A restored copy continues from there on its own
 * clock tasks, so a clone and its parent diverge. Pausing a sandbox freezes its processes; their
 * pending waits resume with the time they had left.
 */
public final class SimulatedBackend implements Backend {

    /** A baseline for reported memory use: what an idle sandbox's envd and shell would hold. */
    private static final long BASELINE_MEMORY_BYTES = 32L * 1024 * 1024;

    private final Clock clock;
    private final VirtualTime time;
    private final Stubs stubs;
    private final Map<String, SimulatedSandbox> sandboxes = new ConcurrentHashMap<>();

    /**
     * A backend whose processes wait on {@code time} and whose unknown commands are answered by
     * {@code stubs}. {@code clock} is the clock {@code time} schedules on: it stamps the file times of
     * sandboxes that have no time of their own (a sandbox with one, its tenant's, stamps by that).
     */
    public SimulatedBackend(Clock clock, VirtualTime time, Stubs stubs) {
        this.clock = clock;
        this.time = time;
        this.stubs = stubs;
    }

    @Override
    public String name() {
        return "simulated";
    }

    /** The stubs this backend's processes consult. */
    public Stubs stubs() {
        return stubs;
    }

    @Override
    public void create(String sandboxId, SandboxSpec spec) {
        VirtualTime sandboxTime = timeOf(spec);
        CowFileSystem fs = CowFileSystem.withDefaultLayout(clockOf(spec));
        sandboxes.put(sandboxId, new SimulatedSandbox(fs, new SimulatedProcesses(host(sandboxId, fs, sandboxTime)), false));
    }

    @Override
    public void restore(BackendSnapshot snapshot, String sandboxId, SandboxSpec spec) {
        if (!(snapshot instanceof Snapshot)) {
            throw new BackendException("not a snapshot of the simulated backend: " + snapshot);
        }
        Snapshot captured = (Snapshot) snapshot;
        CowFileSystem fs = captured.fileSystem.fork(clockOf(spec));
        SimulatedProcesses processes = new SimulatedProcesses(host(sandboxId, fs, timeOf(spec)), captured.processes, false);
        sandboxes.put(sandboxId, new SimulatedSandbox(fs, processes, false));
    }

    @Override
    public BackendSnapshot snapshot(String sandboxId) {
        SimulatedSandbox sandbox = sandbox(sandboxId);
        // Freeze the processes first so that the filesystem and every process are captured at one instant.
        boolean wasPaused = sandbox.paused;
        if (!wasPaused) {
            sandbox.processes.pause();
        }
        try {
            return new Snapshot(sandboxId, sandbox.fileSystem.fork(), sandbox.processes.image());
        } finally {
            if (!wasPaused) {
                sandbox.processes.resume();
            }
        }
    }

    @Override
    public void discard(BackendSnapshot snapshot) {
        // Nothing to release: the snapshot's nodes are garbage once nobody refers to them.
    }

    @Override
    public void pause(String sandboxId) {
        SimulatedSandbox sandbox = sandbox(sandboxId);
        sandbox.paused = true;
        sandbox.processes.pause();
    }

    @Override
    public void resume(String sandboxId) {
        SimulatedSandbox sandbox = sandbox(sandboxId);
        sandbox.paused = false;
        sandbox.processes.resume();
    }

    @Override
    public void kill(String sandboxId) {
        SimulatedSandbox sandbox = sandboxes.remove(sandboxId);
        if (sandbox != null) {
            sandbox.processes.killAll();
        }
    }

    @Override
    public SandboxFileSystem fileSystem(String sandboxId) {
        return sandbox(sandboxId).fileSystem;
    }

    @Override
    public ProcessManager processes(String sandboxId) {
        return sandbox(sandboxId).processes;
    }

    @Override
    public ResourceUsage usage(String sandboxId) {
        SimulatedSandbox sandbox = sandbox(sandboxId);
        long disk = sandbox.fileSystem.totalBytes();
        return new ResourceUsage(0.0, sandbox.paused ? 0 : BASELINE_MEMORY_BYTES, disk);
    }

    @Override
    public void close() {
        for (String id : List.copyOf(sandboxes.keySet())) {
            kill(id);
        }
    }

    /** For tests of copy-on-write: the sandbox's own filesystem object. */
    CowFileSystem cowFileSystem(String sandboxId) {
        return sandbox(sandboxId).fileSystem;
    }

    private ProcessHost host(String sandboxId, CowFileSystem fs, VirtualTime sandboxTime) {
        return new ProcessHost(sandboxId, fs, stubs, sandboxTime);
    }

    /** The time a sandbox's processes wait on: its tenant's when the engine says so, else this backend's. */
    private VirtualTime timeOf(SandboxSpec spec) {
        return spec.time().orElse(time);
    }

    /** The clock that stamps a sandbox's file times, in step with {@link #timeOf}. */
    private InstantSource clockOf(SandboxSpec spec) {
        return spec.time().<InstantSource>map(time -> time::now).orElse(clock);
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
        final SimulatedProcesses processes;
        volatile boolean paused;

        SimulatedSandbox(CowFileSystem fileSystem, SimulatedProcesses processes, boolean paused) {
            this.fileSystem = fileSystem;
            this.processes = processes;
            this.paused = paused;
        }
    }

    private static final class Snapshot implements BackendSnapshot {
        final String source;
        final CowFileSystem fileSystem;
        final SimulatedProcesses.Image processes;

        Snapshot(String source, CowFileSystem fileSystem, SimulatedProcesses.Image processes) {
            this.source = source;
            this.fileSystem = fileSystem;
            this.processes = processes;
        }

        @Override
        public String sourceSandboxId() {
            return source;
        }
    }
}
