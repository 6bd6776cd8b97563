package dev.sandboxemulator.emulator.engine.error;

/** The caller sent no credentials, or wrong ones. Raised at the service's edge, before the engine is reached. */
public final class UnauthenticatedException extends EngineException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedException(String message) {
        super(message);
    }
}
