package dev.sandboxemulator.emulator.backend.simulated;

import dev.sandboxemulator.emulator.spi.VirtualTime;
import dev.sandboxemulator.emulator.stub.Stubs;

/** The sandbox-wide services a process runs against: never copied, rebound for a clone. */
record ProcessHost(String sandboxId, CowFileSystem fileSystem, Stubs stubs, VirtualTime time) {
}
