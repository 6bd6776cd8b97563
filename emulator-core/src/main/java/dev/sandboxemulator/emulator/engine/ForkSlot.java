package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.EngineException;

import java.util.Objects;
import java.util.Optional;

/**
 * One slot of a fork request's answer: the fork made for it, or why none was. A failed slot's
 * error is an {@link EngineException} so that the server answers it with the same status as the
 * same refusal anywhere else (429 for the quota, 500 for a failed restore).
 */
public final class ForkSlot {
    private final SandboxView sandbox;
    private final EngineException error;

    private ForkSlot(SandboxView sandbox, EngineException error) {
        this.sandbox = sandbox;
        this.error = error;
    }

    static ForkSlot made(SandboxView sandbox) {
        return new ForkSlot(Objects.requireNonNull(sandbox, "sandbox"), null);
    }

    static ForkSlot failed(EngineException error) {
        return new ForkSlot(null, Objects.requireNonNull(error, "error"));
    }

    /** The fork, when this slot succeeded. */
    public Optional<SandboxView> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    /** Why this slot has no fork, when it failed. */
    public Optional<EngineException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return sandbox != null ? "ForkSlot[" + sandbox.sandboxId() + "]" : "ForkSlot[error=" + error.getMessage() + "]";
    }
}
