package dev.sandboxemulator.emulator.backend.simulated.process;

import dev.sandboxemulator.emulator.backend.simulated.fs.CowFileSystem;
import dev.sandboxemulator.emulator.spi.VirtualTime;
import dev.sandboxemulator.emulator.stub.Stubs;

/** The sandbox-wide services a process runs against: never copied, rebound for a clone. */
public record ProcessHost(String sandboxId, CowFileSystem fileSystem, Stubs stubs, VirtualTime time) {
}
