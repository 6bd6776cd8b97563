package dev.sandboxemulator.emulator.engine;

/**
 * A clone request that made fewer copies than asked and left none behind: strict mode, or no
 * copy succeeded at all. Answered with 500, since the request itself was valid.
 */
public final class CloneFailedException extends EmulatorException {
    private static final long serialVersionUID = 1L;

    public CloneFailedException(String message) {
        super(500, message);
    }
}
