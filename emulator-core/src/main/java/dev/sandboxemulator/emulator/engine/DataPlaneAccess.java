package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.spi.ProcessManager;
import dev.sandboxemulator.emulator.spi.SandboxFileSystem;

/** What a data-plane request may touch in one running sandbox. */
public record DataPlaneAccess(SandboxView sandbox, SandboxFileSystem files, ProcessManager processes) {
}
