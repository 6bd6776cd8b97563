package dev.sandboxemulator.emulator.engine.error;

/** The request is malformed or out of range: the caller's own mistake, which retrying will not fix. */
public final class InvalidRequestException extends EngineException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
