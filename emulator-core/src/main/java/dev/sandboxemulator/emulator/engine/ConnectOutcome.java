package dev.sandboxemulator.emulator.engine;

/** A connect's result: the sandbox, and whether the call resumed it (201) or found it running (200). */
public record ConnectOutcome(SandboxView sandbox, boolean resumed) {
}
