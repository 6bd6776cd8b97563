package dev.sandboxemulator.emulator.engine.error;

/**
 * A clone request that made fewer copies than asked and left none behind: strict mode, or no
 * copy succeeded at all. The request itself was valid; the message lists each copy's failure.
 * Also the error of one fork slot whose restore failed (an injected fault or the backend), while
 * the fork request itself succeeds.
 */
public final class CloneFailedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public CloneFailedException(String message) {
        super(message);
    }
}
