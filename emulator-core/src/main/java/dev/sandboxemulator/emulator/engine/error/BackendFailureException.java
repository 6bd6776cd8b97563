package dev.sandboxemulator.emulator.engine.error;

/** The backend failed under a valid request (a container gone, a restore that failed): the caller did nothing wrong. */
public final class BackendFailureException extends EngineException {
    private static final long serialVersionUID = 1L;

    public BackendFailureException(String message) {
        super(message);
    }
}
