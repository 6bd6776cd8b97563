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

    DataPlaneAccess(SandboxView sandbox, SandboxFileSystem files, Supplier<ProcessManager> processes, VirtualTime time) {
        this.sandbox = sandbox;
        this.files = files;
        this.processes = processes;
        this.time = time;
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
