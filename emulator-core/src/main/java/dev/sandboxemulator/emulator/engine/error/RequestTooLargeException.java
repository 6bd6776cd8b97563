package dev.sandboxemulator.emulator.engine.error;

/** The request body is larger than the service reads. Raised at the service's edge, before the engine is reached. */
public final class RequestTooLargeException extends EngineException {
    private static final long serialVersionUID = 1L;

    public RequestTooLargeException(String message) {
        super(message);
    }
}
