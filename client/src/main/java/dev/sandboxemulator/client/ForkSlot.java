package dev.sandboxemulator.client;

import java.util.Objects;
import java.util.Optional;

/**
 * One slot of a {@link ForkResult}: the fork made for it, or the error that slot failed with while the others went on.
 * Exactly one of {@link #sandbox()} and {@link #error()} is present. Instances are immutable.
 *
 * <p>A slot's error is mapped from its status code as the e2b SDK maps it: 401 {@link AuthenticationException}, 429
 * {@link RateLimitException} (the team's concurrency limit was reached for this slot), 404 {@link NotFoundException},
 * 400 {@link InvalidArgumentException}, anything else (such as 500, a fork that failed to start) {@link
 * SandboxException}; {@link SandboxException#statusCode()} is the slot's code.
 */
public final class ForkSlot {
    private final Sandbox sandbox;
    private final SandboxException error;

    private ForkSlot(Sandbox sandbox, SandboxException error) {
        this.sandbox = sandbox;
        this.error = error;
    }

    /** A slot whose fork was made. */
    static ForkSlot of(Sandbox sandbox) {
        return new ForkSlot(Objects.requireNonNull(sandbox, "sandbox == null"), null);
    }

    /** A slot that failed. */
    static ForkSlot failed(SandboxException error) {
        return new ForkSlot(null, Objects.requireNonNull(error, "error == null"));
    }

    /** Returns the fork, when this slot succeeded. */
    public Optional<Sandbox> sandbox() {
        return Optional.ofNullable(sandbox);
    }

    /** Returns why this slot has no fork, when it failed. */
    public Optional<SandboxException> error() {
        return Optional.ofNullable(error);
    }

    /** Returns true if this slot's fork was made. */
    public boolean succeeded() {
        return sandbox != null;
    }

    @Override
    public String toString() {
        return sandbox != null ? "ForkSlot{" + sandbox.id() + "}" : "ForkSlot{error=" + error.getMessage() + "}";
    }
}
