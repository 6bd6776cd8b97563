package dev.sandboxemulator.emulator.spi;

/**
 * A backend's captured state of one sandbox: opaque to the engine, which only hands it back to
 * {@link Backend#restore} or {@link Backend#discard}.
 */
public interface BackendSnapshot {

    /** The sandbox this snapshot was taken from. */
    String sourceSandboxId();
}
