package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.SandboxLimitExceededException;
import dev.sandboxemulator.emulator.engine.error.SandboxNotRunningException;

import dev.sandboxemulator.emulator.spi.FileSystemEvent;
import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.ProcessSpec;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;
import dev.sandboxemulator.emulator.spi.SandboxProcess;
import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What a data-plane request may touch in one running sandbox. */
public final class DataPlaneAccess {
    private final SandboxView sandbox;
    private final SandboxFileSystem files;
    private final Supplier<ProcessManager> processes;
    private final VirtualTime time;
    private final Hold hold;
    private final SandboxUsage usage;
    private final IdleClock idle;

    /** How the engine holds a sandbox in use; see {@link #use}. */
    interface Hold {
        <T> T run(Supplier<T> action);
    }

    /** A client counted as connected to the sandbox until this is closed; see {@link #connect}. */
    public interface Connection extends AutoCloseable {
        /** Stops counting the client as connected; the moment counts as activity. Idempotent. */
        @Override
        void close();
    }

    DataPlaneAccess(SandboxView sandbox, SandboxFileSystem files, Supplier<ProcessManager> processes, VirtualTime time, Hold hold,
                    SandboxUsage usage, IdleClock idle) {
        this.sandbox = sandbox;
        this.files = files;
        this.processes = processes;
        this.time = time;
        this.hold = hold;
        this.usage = usage;
        this.idle = idle;
    }

    /**
     * Counts a client as connected until the returned connection is closed, so that the sandbox's
     * idle timeout (metadata {@code idle_timeout}) cannot pass meanwhile: for a stream (a process's
     * Start or Connect, a WatchDir), from before it starts until it ends. Fails with
     * {@link SandboxNotRunningException} if the sandbox was killed or paused since this access was
     * opened.
     */
    public Connection connect() {
        return use(idle::connect);
    }

    /**
     * Starts a process, unless {@link DataPlaneLimits#MAX_PROCESSES} already run in this sandbox
     * (a {@link SandboxLimitExceededException}). Starts in one sandbox are counted one at a time, so
     * concurrent requests cannot together pass the bound.
     */
    public SandboxProcess startProcess(ProcessSpec spec) {
        synchronized (usage.processStarts) {
            ProcessManager manager = processes();
            int running = manager.list().size();
            if (running >= DataPlaneLimits.MAX_PROCESSES) {
                throw new SandboxLimitExceededException("sandbox " + sandbox.sandboxId() + " already runs " + running
                        + " processes, the most it may; wait for some to end or kill them");
            }
            return manager.start(spec);
        }
    }

    /**
     * Watches a directory, unless {@link DataPlaneLimits#MAX_WATCHES} watches of this sandbox are
     * already open (a {@link SandboxLimitExceededException}). Closing the returned watch frees its place.
     */
    public SandboxFileSystem.Watch watch(String path, boolean recursive, Consumer<FileSystemEvent> listener) {
        if (usage.watches.incrementAndGet() > DataPlaneLimits.MAX_WATCHES) {
            usage.watches.decrementAndGet();
            throw new SandboxLimitExceededException("sandbox " + sandbox.sandboxId() + " already has "
                    + DataPlaneLimits.MAX_WATCHES + " open watches, the most it may; close one first");
        }
        SandboxFileSystem.Watch watch;
        try {
            watch = files.watch(path, recursive, listener);
        } catch (RuntimeException | Error e) {
            usage.watches.decrementAndGet();
            throw e;
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    watch.close();
                } finally {
                    usage.watches.decrementAndGet();
                }
            }
        };
    }

    /**
     * Runs {@code action}, which uses {@link #files()} or {@link #processes()}, with the sandbox
     * held: a kill, pause or clone snapshot of it waits until the action ends, and if one came
     * first the action does not run and a {@link SandboxNotRunningException} says the sandbox is not
     * running. Keep actions short: streams hold the sandbox only while they start.
     */
    public <T> T use(Supplier<T> action) {
        return hold.run(action);
    }

    /** The sandbox's clock (its tenant's), for deadlines and signature expiry. */
    public VirtualTime time() {
        return time;
    }

    public SandboxView sandbox() {
        return sandbox;
    }

    public SandboxFileSystem files() {
        return files;
    }

    /** The sandbox's processes, looked up only by requests that need them. */
    public ProcessManager processes() {
        return processes.get();
    }
}
