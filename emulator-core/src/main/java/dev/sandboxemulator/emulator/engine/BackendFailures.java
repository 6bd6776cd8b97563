package dev.sandboxemulator.emulator.engine;

import dev.sandboxemulator.emulator.engine.error.BackendFailureException;
import dev.sandboxemulator.emulator.engine.error.EngineException;
import dev.sandboxemulator.emulator.spi.BackendException;

/** How a backend's failure reaches the caller: as the engine's own refusal, said in the caller's terms. */
final class BackendFailures {

    private static final System.Logger LOG = System.getLogger(BackendFailures.class.getName());

    private BackendFailures() {
    }

    /**
     * The exception to throw when {@code what} (said as the caller would, "pausing sandbox x") failed
     * with {@code e}. The cause is logged here because the message the caller gets is kept short.
     */
    static EngineException of(String what, RuntimeException e) {
        if (e instanceof EngineException) {
            // Already a refusal the caller should see as it is (a quota, a missing sandbox), not a backend failure.
            return (EngineException) e;
        }
        String reason = e instanceof BackendException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.log(System.Logger.Level.WARNING, what + " failed", e);
        return new BackendFailureException(what + " failed: " + reason);
    }
}
