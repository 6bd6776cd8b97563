package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

import dev.sandboxemulator.emulator.spi.VirtualTime;

import java.util.function.Supplier;

/** What a data-plane request may touch in one running sandbox. */
public final class DataPlaneAccess {
    private final SandboxView sandbox;
    private final SandboxFileSystem files;
    private final Supplier<ProcessManager> processes;
    private final VirtualTime time;
    private final Hold hold;

    /** How the engine holds a sandbox in use; see {@link #use}. */
    interface Hold {
        <T> T run(Supplier<T> action);
    }

    DataPlaneAccess(SandboxView sandbox, SandboxFileSystem files, Supplier<ProcessManager> processes, VirtualTime time, Hold hold) {
        this.sandbox = sandbox;
        this.files = files;
        this.processes = processes;
        this.time = time;
        this.hold = hold;
    }

    /**
     * Runs {@code action}, which uses {@link #files()} or {@link #processes()}, with the sandbox
     * held: a kill, pause or clone snapshot of it waits until the action ends, and if one came
     * first the action does not run and a 502 {@link EmulatorException} says the sandbox is not
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
