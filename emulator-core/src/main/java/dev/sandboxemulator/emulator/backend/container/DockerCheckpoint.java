package dev.sandboxemulator.emulator.backend.container;

import dev.sandboxemulator.emulator.spi.BackendSnapshot;

import java.nio.file.Path;

/**
 * A captured sandbox: its filesystem as a committed image and its memory as a CRIU checkpoint
 * folder kept by the backend.
 */
record DockerCheckpoint(String sourceSandboxId, String image, Path checkpoint) implements BackendSnapshot {
}
